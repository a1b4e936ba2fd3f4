import Foundation
import Hummingbird
import HTTPTypes
import MCP
import NIOCore
import SupportSimCore
import Synchronization

/// The backend operations as MCP tools, over stdio or streamable HTTP at `/mcp`. A tool call
/// runs in the conversation named by the `X-SupportSim-Conversation` header (HTTP), else in the
/// default conversation, exactly like `POST /tools/{operation}`.
public final class MCPBridge: Sendable {
    let directory: ConversationDirectory
    /// HTTP sessions: each client that initializes gets its own server and transport, found again
    /// by the `Mcp-Session-Id` header of its later requests. Capped and expired when idle
    /// (`ServeLimits.maxSessions`, `sessionIdle`): past the cap the least recently used session
    /// (never-used ones first) is closed, and its client gets 404 and initializes again, as the
    /// MCP spec has clients do. Evicting rather than refusing keeps new clients able to connect.
    struct Session: Sendable {
        let server: MCP.Server
        let transport: StatefulHTTPServerTransport
    }
    private let sessions: BoundedTable<Session>
    let limits: ServeLimits
    let log: LimitLog

    public init(directory: ConversationDirectory, limits: ServeLimits = ServeLimits(), log: LimitLog = LimitLog()) {
        self.directory = directory
        self.limits = limits
        self.log = log
        self.sessions = BoundedTable(cap: limits.maxSessions, idle: limits.sessionIdle)
    }

    /// MCP sessions currently held.
    public var sessionCount: Int { sessions.count }

    func makeServer() -> MCP.Server {
        MCP.Server(name: "supportsim", version: "0.1.0", capabilities: .init(tools: .init(listChanged: false)))
    }

    static let tools: [Tool] = OperationCatalogue.all.map { spec in
        Tool(name: spec.name, description: spec.summary, inputSchema: value(OperationCatalogue.inputSchema(spec)))
    }

    func installHandlers(on server: MCP.Server) async throws {
        let directory = self.directory
        try await server.withMethodHandler(ListTools.self) { _ in .init(tools: Self.tools) }
        try await server.withMethodHandler(CallTool.self) { params in
            let conversation = Server.currentHandlerContext?.httpContext?.header(ConversationDirectory.header)
            var arguments: [String: JSONValue] = [:]
            for (k, v) in params.arguments ?? [:] { arguments[k] = Self.json(v) }
            let outcome = await directory.call(params.name, arguments, conversation: conversation)
            let text = outcome.json.jsonText()
            return try .init(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: Self.value(outcome.json),
                         isError: !outcome.isSuccess)
        }
    }

    /// Serves MCP on any transport (tests use an in-memory one); returns the running server.
    public func serve(on transport: any Transport) async throws -> MCP.Server {
        let server = makeServer()
        try await installHandlers(on: server)
        try await server.start(transport: transport)
        return server
    }

    /// Serves MCP on standard input and output (or the given descriptors) until input ends and
    /// every request read has been answered.
    public func runStdio(input: Int32 = 0, output: Int32 = 1) async throws {
        let server = try await serve(on: StdioLineTransport(input: input, output: output, maxLine: limits.maxLine, log: log))
        await server.waitUntilCompleted()
    }

    /// Stops the servers of sessions that expired or were evicted; logs when the cap was hit.
    private func close(_ removed: [(String, Session, BoundedTable<Session>.Removal)]) {
        guard !removed.isEmpty else { return }
        if removed.contains(where: { $0.2 == .evicted }) {
            log.hit("sessions", "MCP session limit (\(limits.maxSessions)) reached: closed the least recently used session")
        }
        for (_, session, _) in removed { Task { await session.server.stop() } }
    }

    static func jsonRPCError(_ status: HTTPTypes.HTTPResponse.Status, _ message: String) -> Response {
        BackendServer.json(status, ["jsonrpc": "2.0", "id": .null, "error": ["code": -32001, "message": .string(message)]])
    }

    func handle(_ request: Request, maxBody: Int = ServeLimits().maxBody) async -> Response {
        var request = request
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let body: ByteBuffer?
        do { body = try await request.collectBody(upTo: maxBody) } catch { return RequestChecks.tooLarge(maxBody) }
        let mcpRequest = MCP.HTTPRequest(method: request.method.rawValue, headers: headers,
                                         body: body.flatMap { $0.readableBytes > 0 ? Data($0.readableBytesView) : nil }, path: request.uri.path)
        let response: MCP.HTTPResponse
        if let sessionID = mcpRequest.header("Mcp-Session-Id") {
            let (found, removed) = sessions.get(sessionID)
            close(removed)
            guard let session = found else {
                return Self.jsonRPCError(.notFound, "unknown or expired MCP session; send initialize again")
            }
            response = await session.transport.handleRequest(mcpRequest)
            if request.method == .delete, let closed = sessions.remove(sessionID) { Task { await closed.server.stop() } }
        } else {
            guard request.method == .post else {
                return Self.jsonRPCError(.badRequest, "no Mcp-Session-Id header; POST initialize first")
            }
            let transport = StatefulHTTPServerTransport()
            guard let server = try? await serve(on: transport) else {
                return Self.jsonRPCError(.internalServerError, "could not start an MCP session")
            }
            response = await transport.handleRequest(mcpRequest)
            if let assigned = response.headers.first(where: { $0.key.lowercased() == "mcp-session-id" })?.value {
                close(sessions.insert(assigned, Session(server: server, transport: transport)).removed)
            } else {
                // Not an initialize: nothing will find this server again.
                Task { await server.stop() }
            }
        }
        var fields = HTTPFields()
        for (k, v) in response.headers { if let name = HTTPField.Name(k) { fields[name] = v } }
        let status = HTTPResponse.Status(code: response.statusCode)
        switch response {
        case .data(let data, _):
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .stream(let stream, _):
            return Response(status: status, headers: fields, body: .init { writer in
                for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        case .error(_, let error, _, _):
            let payload = (try? JSONEncoder().encode(["error": error.localizedDescription])) ?? Data()
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: payload)))
        case .accepted, .ok:
            return Response(status: status, headers: fields)
        }
    }

    // MARK: - Values

    /// MCP values and our JSON values meet through JSON text: both are Codable/parseable.
    static func value(_ v: JSONValue) -> Value {
        (try? JSONDecoder().decode(Value.self, from: Data(v.jsonText().utf8))) ?? .null
    }

    static func json(_ v: Value) -> JSONValue {
        guard let data = try? JSONEncoder().encode(v), let parsed = try? JSONValue.parse(data) else { return .null }
        return parsed
    }
}
