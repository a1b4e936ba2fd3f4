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
    /// by the `Mcp-Session-Id` header of its later requests.
    private let sessions = Mutex<[String: StatefulHTTPServerTransport]>([:])

    public init(directory: ConversationDirectory) {
        self.directory = directory
    }

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

    /// Serves MCP on standard input and output until the client closes them.
    public func runStdio() async throws {
        let server = try await serve(on: StdioTransport())
        await server.waitUntilCompleted()
    }

    func handle(_ request: Request) async -> Response {
        var request = request
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let body = try? await request.collectBody(upTo: BackendServer.Options.maxBody)
        let mcpRequest = MCP.HTTPRequest(method: request.method.rawValue, headers: headers,
                                         body: body.map { Data($0.readableBytesView) }, path: request.uri.path)
        let sessionID = mcpRequest.header("Mcp-Session-Id")
        let transport: StatefulHTTPServerTransport
        if let sessionID, let known = sessions.withLock({ $0[sessionID] }) {
            transport = known
        } else {
            transport = StatefulHTTPServerTransport()
            _ = try? await serve(on: transport)
        }
        let response = await transport.handleRequest(mcpRequest)
        if sessionID == nil, let assigned = response.headers.first(where: { $0.key.lowercased() == "mcp-session-id" })?.value {
            sessions.withLock { $0[assigned] = transport }
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
