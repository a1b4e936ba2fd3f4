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
    /// HTTP sessions, found again by the `Mcp-Session-Id` header of a client's later requests.
    /// Capped and expired when idle (`ServeLimits.maxSessions`, `sessionIdle`): past the cap the
    /// least recently used session (never-used ones first) is closed, and its client gets 404 and
    /// initializes again, as the MCP spec has clients do. Evicting rather than refusing keeps new
    /// clients able to connect.
    ///
    /// `initialize` is answered here, with the bytes the SDK's server and transport would send,
    /// and only the request is kept: a session that is never used again (a flood of
    /// create-and-forget clients) costs a table entry, no SDK server. The session's first other
    /// request starts its SDK server and transport, feeds them the recorded initialize, and
    /// from then on they handle everything.
    final class Session: Sendable {
        struct Live: Sendable {
            let server: MCP.Server
            let transport: StatefulHTTPServerTransport
        }
        enum State: Sendable {
            case pending(MCP.HTTPRequest)
            case starting(Task<Live?, Never>)
            case live(Live)
            case stopped
        }
        let id: String
        private let state: Mutex<State>

        init(id: String, initialize: MCP.HTTPRequest) {
            self.id = id
            self.state = Mutex(.pending(initialize))
        }

        init(id: String, live: Live) {
            self.id = id
            self.state = Mutex(.live(live))
        }

        /// The SDK server and transport, started on first use (once, however many requests
        /// arrive together); nil when they could not be started or the session was closed.
        func live(_ bridge: MCPBridge) async -> Live? {
            let id = self.id
            let task: Task<Live?, Never>? = state.withLock { s in
                switch s {
                case .pending(let initialize):
                    let t = Task { await bridge.start(session: id, replaying: initialize) }
                    s = .starting(t)
                    return t
                case .starting(let t): return t
                case .live(let live): return Task { live }
                case .stopped: return nil
                }
            }
            guard let task, let live = await task.value else { return nil }
            let stale = state.withLock { s -> Bool in
                if case .starting = s { s = .live(live); return false }
                if case .live = s { return false }
                return true
            }
            if stale { await live.server.stop(); return nil }
            return live
        }

        /// Stops the SDK server if one was started; nothing to do for a never-used session.
        func stop() {
            let previous = state.withLock { s -> State in let p = s; s = .stopped; return p }
            switch previous {
            case .live(let live): Task { await live.server.stop() }
            case .starting(let t): Task { await t.value?.server.stop() }
            case .pending, .stopped: break
            }
        }
    }

    private let sessions: BoundedTable<Session>
    /// Initialize bodies answered lately and their answers (a pure function of the body): a
    /// client that initializes again and again costs no JSON decoding or encoding. Small.
    private let answers = Mutex<[Data: Data]>([:])
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

    static let name = "supportsim", version = "0.1.0"
    static let capabilities = Server.Capabilities(tools: .init(listChanged: false))

    func makeServer() -> MCP.Server {
        MCP.Server(name: Self.name, version: Self.version, capabilities: Self.capabilities)
    }

    static func tools(_ descriptors: [ToolDescriptor]) -> [Tool] {
        descriptors.map { Tool(name: $0.name, description: $0.description, inputSchema: value($0.inputSchema)) }
    }

    func installHandlers(on server: MCP.Server) async throws {
        let directory = self.directory
        let tools = Self.tools(directory.tools)
        try await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools) }
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
        for (_, session, _) in removed { session.stop() }
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
            guard let live = await session.live(self) else {
                return Self.jsonRPCError(.internalServerError, "could not start the MCP session")
            }
            response = await live.transport.handleRequest(mcpRequest)
            if request.method == .delete, let closed = sessions.remove(sessionID) { closed.stop() }
        } else {
            guard request.method == .post else {
                return Self.jsonRPCError(.badRequest, "no Mcp-Session-Id header; POST initialize first")
            }
            if let answer = initialize(mcpRequest) {
                guard let (id, recorded) = answer.session, case .data(let events, _) = answer.response else {
                    return Self.response(answer.response)
                }
                close(sessions.insert(id, Session(id: id, initialize: recorded)).removed)
                // The headers of `answer.response`, without parsing their names again.
                var fields = Self.initializeFields
                fields[Self.sessionField] = id
                return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: events)))
            } else {
                // Not a well-formed initialize: the SDK answers it (with its error) exactly.
                let transport = StatefulHTTPServerTransport()
                guard let server = try? await serve(on: transport) else {
                    return Self.jsonRPCError(.internalServerError, "could not start an MCP session")
                }
                response = await transport.handleRequest(mcpRequest)
                if let assigned = response.headers.first(where: { $0.key.lowercased() == "mcp-session-id" })?.value {
                    let live = Session.Live(server: server, transport: transport)
                    close(sessions.insert(assigned, Session(id: assigned, live: live)).removed)
                } else {
                    Task { await server.stop() }
                }
            }
        }
        return Self.response(response)
    }

    static func response(_ response: MCP.HTTPResponse) -> Response {
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

    // MARK: - Initialize without an SDK server

    static let sessionField = HTTPField.Name(HTTPHeaderName.sessionID)!
    static let initializeFields: HTTPFields = [
        .contentType: "text/event-stream", .cacheControl: "no-cache, no-transform", .connection: "keep-alive",
    ]

    /// The checks `StatefulHTTPServerTransport` runs on a POST (its default pipeline).
    static let validation = StandardValidationPipeline(validators: [
        OriginValidator.localhost(), AcceptHeaderValidator(mode: .sseRequired), ContentTypeValidator(),
        ProtocolVersionValidator(), SessionValidator(),
    ])

    /// Answers a well-formed `initialize` POST the way `StatefulHTTPServerTransport` with our
    /// `MCP.Server` would (same checks, version negotiation, result, SSE events and event ids),
    /// without creating either; returns the new session's id and the request to replay when the
    /// session is first used. Nil for anything else (batches, other methods, unparseable
    /// params): those go to the SDK.
    func initialize(_ request: MCP.HTTPRequest) -> (response: MCP.HTTPResponse, session: (String, MCP.HTTPRequest)?)? {
        guard let body = request.body else { return nil }
        let cached = answers.withLock { $0[body] }
        guard let (events, cacheable) = cached.map({ ($0, true) })
                ?? Self.initializeEvents(body, headerVersion: request.header(HTTPHeaderName.protocolVersion)) else { return nil }
        let context = HTTPValidationContext(httpMethod: "POST", sessionID: nil, isInitializationRequest: true,
                                            supportedProtocolVersions: Version.supported)
        if let refused = Self.validation.validate(request, context: context) { return (refused, nil) }
        if cached == nil, cacheable {
            answers.withLock { table in
                if table.count >= 64 { table.removeAll() }
                table[body] = events
            }
        }
        let sessionID = UUIDSessionIDGenerator().generateSessionID()
        let headers = [HTTPHeaderName.sessionID: sessionID, "Content-Type": "text/event-stream",
                       "Cache-Control": "no-cache, no-transform", "Connection": "keep-alive"]
        // The SDK streams these events and ends the stream; sent in one piece, the body is the same.
        return (.data(events, headers: headers), (sessionID, request))
    }

    /// `params.protocolVersion` as sent, if it was.
    struct SentVersion: Decodable {
        struct Params: Decodable { let protocolVersion: String? }
        let params: Params?
    }

    /// The SSE events that answer an initialize request body, and whether they depend on the
    /// body alone (the session id travels in a header; the version header counts only when the
    /// body names no version); nil if the body is not a well-formed initialize.
    static func initializeEvents(_ body: Data, headerVersion: String?) -> (Data, cacheable: Bool)? {
        guard let message = try? JSONDecoder().decode(MCP.Request<Initialize>.self, from: body),
              message.method == Initialize.name,
              let sent = try? JSONDecoder().decode(SentVersion.self, from: body) else { return nil }
        // The server negotiates from the decoded params (latest when absent); the transport
        // decides on a priming event from the version in the body, else the header, else latest.
        let requested = message.params.protocolVersion
        let primingVersion = sent.params?.protocolVersion ?? headerVersion ?? Version.latest
        let negotiated = Version.supported.contains(requested) ? requested : Version.latest
        // What `Server`'s initialize handler returns for the server `makeServer()` makes.
        let result = Initialize.Result(protocolVersion: negotiated, capabilities: capabilities,
                                       serverInfo: Server.Info(name: name, version: version, title: nil), instructions: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(Initialize.response(id: message.id, result: result)) else { return nil }
        let streamID: String
        switch message.id {
        case .string(let s): streamID = s
        case .number(let n): streamID = String(n)
        }
        // The transport's event ids are "<request id>_<n>", counted per session; a priming event
        // (empty data) comes first for clients of 2025-03-26 or later.
        var events = ""
        var counter = 0
        if primingVersion >= "2025-03-26" {
            counter += 1
            events += "id: \(streamID)_\(counter)\ndata: \n\n"
        }
        counter += 1
        events += "id: \(streamID)_\(counter)\nevent: message\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
        return (Data(events.utf8), sent.params?.protocolVersion != nil)
    }

    /// Starts the SDK server and transport of a session answered by `initialize(_:)`: the
    /// transport takes the same session id, and replaying the initialize request leaves both in
    /// the state (initialized, negotiated version, event counter) the client was told about.
    func start(session id: String, replaying initialize: MCP.HTTPRequest) async -> Session.Live? {
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id))
        guard let server = try? await serve(on: transport) else { return nil }
        let replayed = await transport.handleRequest(initialize)
        guard case .stream(let stream, _) = replayed else { await server.stop(); return nil }
        do { for try await _ in stream {} } catch { await server.stop(); return nil }
        return Session.Live(server: server, transport: transport)
    }

    struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
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
