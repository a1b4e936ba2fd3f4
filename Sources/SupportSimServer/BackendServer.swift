import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import Synchronization
import SupportSimCore

/// The mock backends over HTTP (`POST /tools/{operation}`, `POST /reset`, `GET /health`) and
/// as an MCP server (streamable HTTP at `/mcp`), on loopback unless told otherwise.
public struct BackendServer: Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port = 0
        public var token: String?
        public static let maxBody = 1 << 20
        public init(host: String = "127.0.0.1", port: Int = 0, token: String? = nil) {
            self.host = host
            self.port = port
            self.token = token
        }
    }

    public enum StartError: Error, CustomStringConvertible {
        case tokenRequired(String)
        public var description: String {
            switch self {
            case .tokenRequired(let host):
                return "refusing to listen on \(host) without a bearer token: pass --token or set SUPPORTSIM_TOKEN (only loopback may go without one)"
            }
        }
    }

    public let directory: ConversationDirectory
    public let options: Options
    let mcp: MCPBridge?

    public init(directory: ConversationDirectory, options: Options = Options(), mcp: Bool = true) {
        self.directory = directory
        self.options = options
        self.mcp = mcp ? MCPBridge(directory: directory) : nil
    }

    static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// Runs until the task is cancelled; `onRunning` receives the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if !Self.isLoopback(options.host), (options.token ?? "").isEmpty {
            throw StartError.tokenRequired(options.host)
        }
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "supportsim"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger)
        try await app.run()
    }

    static var quietLogger: Logger {
        var l = Logger(label: "supportsim.server")
        l.logLevel = .critical
        return l
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if let token = options.token, !token.isEmpty { router.add(middleware: BearerTokenMiddleware(token: token)) }
        let directory = self.directory
        router.get("health") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"ok\":true}"))) }
        router.get("audit") { request, _ in
            let conversation = request.headers[HTTPField.Name(ConversationDirectory.header)!]
            return Self.json(.ok, ["audit": .array(directory.audit(for: conversation))])
        }
        router.post("reset") { _, _ in
            directory.reset()
            return Self.json(.ok, ["reset": true])
        }
        router.post("tools/:operation") { request, context in
            let operation = try context.parameters.require("operation")
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Options.maxBody)
            } catch {
                return Self.json(.badRequest, Self.error("invalid_argument", "the request body is over 1 MiB"))
            }
            let arguments: [String: JSONValue]
            if body.readableBytes == 0 {
                arguments = [:]
            } else {
                guard let parsed = try? JSONValue.parse(Data(body.readableBytesView)), let object = parsed.objectValue else {
                    return Self.json(.badRequest, Self.error("invalid_argument", "the request body must be a JSON object of arguments"))
                }
                arguments = object
            }
            let conversation = request.headers[HTTPField.Name(ConversationDirectory.header)!]
            let outcome = await directory.call(operation, arguments, conversation: conversation)
            switch outcome {
            case .success(let result): return Self.json(.ok, result)
            case .failure(let e): return Self.json(Self.status(for: e.code), outcome.json)
            }
        }
        if let mcp {
            for method in [HTTPRequest.Method.post, .get, .delete] {
                router.on("mcp", method: method) { request, _ in await mcp.handle(request) }
            }
        }
        return router
    }

    static func status(for code: ToolError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound, .unknownOperation: return .notFound
        case .invalidArgument: return .badRequest
        case .conflict: return .conflict
        case .unavailable: return .serviceUnavailable
        case .timeout: return .gatewayTimeout
        case .forbidden: return .forbidden
        }
    }

    static func error(_ code: String, _ message: String) -> JSONValue {
        ["error": ["code": .string(code), "message": .string(message)]]
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: value.jsonText())))
    }
}

/// Answers 401 to any request without `Authorization: Bearer <token>`.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return BackendServer.json(.unauthorized, BackendServer.error("unauthorized", "missing or wrong bearer token"))
        }
        return try await next(request, context)
    }
}
