import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SupportSimCore
import SupportSimServer

/// An agent behind an HTTP endpoint (agent-protocol.md, `http`): each turn is POSTed to it with
/// `tools_url`, and its `POST {tools_url}/tools/{operation}` calls reach the conversation named
/// by their `X-SupportSim-Conversation` header, on a backend server the harness starts on loopback.
public final class HTTPAgent: SupportAgent, Sendable {
    public let url: String
    public let backendsPort: Int
    let timeoutMs: Int
    let directory = ConversationDirectory(mode: .run)
    private let server = Mutex<Task<Void, any Error>?>(nil)
    private let port = Mutex(0)
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    /// Whether the agent ever answered: a run it never did exits 3.
    public let reachability = Reachability()

    public init(url: String, timeoutMs: Int, backendsPort: Int = 0) {
        self.url = url
        self.timeoutMs = timeoutMs
        self.backendsPort = backendsPort
    }

    deinit { try? client.syncShutdown() }

    public var chargesWallTime: Bool { true }

    public var toolsURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }

    public func start() async throws {
        let backend = BackendServer(directory: directory, options: .init(host: "127.0.0.1", port: backendsPort), mcp: false)
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await backend.run { port in readyContinuation.yield(port) } }
        server.withLock { $0 = task }
        var iterator = ready.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw AgentFailure("the backend server did not start") }
        port.withLock { $0 = bound }
    }

    public func stop() async {
        server.withLock { $0?.cancel() }
        try? await client.shutdown()
    }

    public func endConversation(_ conversation: String) async {
        _ = try? await post(["type": "end", "conversation": .string(conversation)])
    }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        directory.register(turn.conversation, tools)
        defer { directory.unregister(turn.conversation) }
        guard case .object(var body) = turn.json else { throw AgentFailure("internal: turn is not an object") }
        body["tools_url"] = .string(toolsURL)
        let reply = try await post(.object(body))
        return try ProtocolMessages.reply(reply)
    }

    private func post(_ body: JSONValue) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body.jsonText()))
        let response: HTTPClientResponse
        reachability.attempted("the agent at \(url) never answered within the turn's time")
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutMs)))
        } catch {
            reachability.failed("the agent at \(url) did not answer: \(error)")
            throw AgentFailure("the agent at \(url) did not answer: \(error)")
        }
        reachability.reached()
        let bytes = try await response.body.collect(upTo: 16 << 20)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw AgentFailure("the agent answered HTTP \(response.status.code): \(String(buffer: bytes).prefix(200))")
        }
        guard let value = try? JSONValue.parse(Data(bytes.readableBytesView)), value.objectValue != nil else {
            throw AgentFailure("the agent's answer is not a JSON object: \(String(buffer: bytes).prefix(200))")
        }
        return value
    }
}
