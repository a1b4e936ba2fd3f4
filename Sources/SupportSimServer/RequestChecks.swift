import Foundation
import Hummingbird
import HTTPTypes
import MCP

/// The checks every request passes before a route sees it. One place, so `/tools`, `/reset`
/// and `/mcp` cannot drift apart.
enum RequestChecks {
    /// Tokens shorter than this are refused at start-up: they can be guessed.
    static let minimumTokenLength = 16

    /// `Authorization: Bearer <token>`: the scheme in any case (RFC 9110 §11.1), the token
    /// compared in constant time so its bytes cannot be found one by one from response times.
    static func bearerMatches(_ header: String?, token: String) -> Bool {
        guard let header, let space = header.firstIndex(of: " ") else { return false }
        guard header[..<space].lowercased() == "bearer" else { return false }
        let given = Array(header[header.index(after: space)...].trimmingCharacters(in: .whitespaces).utf8)
        return constantTimeEqual(given, Array(token.utf8))
    }

    /// Time depends only on the lengths, never on where the bytes first differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }

    static let localhostOrigins = OriginValidator.localhost()

    /// The `/mcp` check, which is the swift-sdk's own DNS-rebinding protection: an `Origin`, when
    /// sent (browsers always send it on cross-origin POSTs), must be this machine's loopback; on a
    /// loopback bind the `Host` must be loopback too. Returns the refusal, if any.
    static func originRefusal(_ request: Request, loopback: Bool) -> Response? {
        var headers: [String: String] = [:]
        if let origin = request.headers[.origin] { headers["Origin"] = origin }
        if loopback, let host = request.head.authority { headers["Host"] = host }
        guard !headers.isEmpty else { return nil }
        let probe = MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: nil, path: request.uri.path)
        let context = HTTPValidationContext(httpMethod: request.method.rawValue, sessionID: nil, isInitializationRequest: false,
                                            supportedProtocolVersions: Version.supported)
        guard let refusal = localhostOrigins.validate(probe, context: context) else { return nil }
        let message = refusal.statusCode == 403 ? "requests from the origin \(headers["Origin"] ?? "") are not allowed" : "the Host header \(headers["Host"] ?? "") is not this server"
        return BackendServer.json(HTTPTypes.HTTPResponse.Status(code: refusal.statusCode), BackendServer.error("forbidden", message))
    }

    /// `application/json`, any case, parameters allowed. Anything else on `/tools` is refused:
    /// `text/plain` and form types are what a web page may POST without a CORS preflight.
    static func isJSON(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType] else { return false }
        return type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// A declared length over the limit is refused before a byte of the body is read.
    static func declaredTooLarge(_ request: Request, limit: Int) -> Bool {
        guard let declared = request.headers[.contentLength] else { return false }
        guard let length = Int(declared.trimmingCharacters(in: .whitespaces)) else { return true }
        return length > limit
    }

    static func tooLarge(_ limit: Int) -> Response {
        var response = BackendServer.json(.contentTooLarge, BackendServer.error("payload_too_large", "the request body is over \(limit >> 20 > 0 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes")"))
        // The rest of the body will not be read: the connection cannot be reused.
        response.headers[.connection] = "close"
        return response
    }
}

/// Bearer token, Origin and declared body size, in that order, for every route.
struct GuardMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let token: String?
    let loopback: Bool
    let maxBody: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, !RequestChecks.bearerMatches(request.headers[.authorization], token: token) {
            return BackendServer.json(.unauthorized, BackendServer.error("unauthorized", "missing or wrong bearer token"))
        }
        if let refusal = RequestChecks.originRefusal(request, loopback: loopback) { return refusal }
        if RequestChecks.declaredTooLarge(request, limit: maxBody) { return RequestChecks.tooLarge(maxBody) }
        return try await next(request, context)
    }
}
