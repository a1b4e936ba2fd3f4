import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        /// Timeouts, connection cap, body size and MCP session limits.
        public var limits: ServeLimits
        /// Where a line goes when a limit is hit.
        public var log: LimitLog
        public static let maxBody = 1 << 20
        public init(host: String = "127.0.0.1", port: Int = 0, token: String? = nil,
                    limits: ServeLimits = ServeLimits(), log: LimitLog = LimitLog()) {
            self.host = host
            self.port = port
            self.token = token
            self.limits = limits
            self.log = log
        }
    }

    public enum StartError: Error, CustomStringConvertible {
        case tokenRequired(String)
        case tokenTooShort(Int)
        public var description: String {
            switch self {
            case .tokenTooShort(let length):
                return "the bearer token has \(length) characters; use at least \(RequestChecks.minimumTokenLength) (e.g. openssl rand -hex 16)"
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
        self.mcp = mcp ? MCPBridge(directory: directory, limits: options.limits, log: options.log) : nil
    }

    /// MCP sessions currently held (0 without MCP).
    public var mcpSessionCount: Int { mcp?.sessionCount ?? 0 }

    static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// Runs until the task is cancelled; `onRunning` receives the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if !Self.isLoopback(options.host), (options.token ?? "").isEmpty {
            throw StartError.tokenRequired(options.host)
        }
        if let token = options.token, !token.isEmpty, token.count < RequestChecks.minimumTokenLength {
            throw StartError.tokenTooShort(token.count)
        }
        let limits = options.limits
        let table = ConnectionTable(cap: Self.connectionCap(limits.maxConnections), log: options.log)
        let app = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuardHandler(limits: limits, table: table)])),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "supportsim", backlog: Self.backlog),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger)
        try await app.run()
    }

    /// Pending connections the kernel queues before `serve` accepts them (it caps this at
    /// net.core.somaxconn). Hummingbird's default, 256, makes a burst of connects overflow
    /// the queue, and each dropped SYN costs its client a one-second retransmission.
    static let backlog = 4_096

    /// The cap, lowered to leave room under the descriptor limit: a server out of descriptors
    /// cannot accept even the connection that would let it recover.
    static func connectionCap(_ wanted: Int) -> Int {
        #if canImport(Glibc)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < UInt64(Int32.max) else { return wanted }
        return max(1, min(wanted, Int(limit.rlim_cur) - 128))
        #else
        return wanted
        #endif
    }

    static var quietLogger: Logger {
        var l = Logger(label: "supportsim.server")
        l.logLevel = .critical
        return l
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let token = options.token.flatMap { $0.isEmpty ? nil : $0 }
        let maxBody = options.limits.maxBody
        router.add(middleware: GuardMiddleware(token: token, loopback: Self.isLoopback(options.host), maxBody: maxBody))
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
            guard RequestChecks.isJSON(request) else {
                return Self.json(.unsupportedMediaType, Self.error("unsupported_media_type", "send the arguments with Content-Type: application/json"))
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maxBody)
            } catch {
                return RequestChecks.tooLarge(maxBody)
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
                router.on("mcp", method: method) { request, _ in await mcp.handle(request, maxBody: maxBody) }
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
