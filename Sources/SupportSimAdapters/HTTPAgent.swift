import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SupportSimCore

/// An agent behind an HTTP endpoint (agent-protocol.md, `http`): each turn is POSTed to it with
/// `tools_url`, and its `POST {tools_url}/tools/{operation}` calls reach the conversation named
/// by their `X-SupportSim-Conversation` header, on the tool endpoint the harness gives it.
public final class HTTPAgent: SupportAgent, Sendable {
    public let url: String
    let timeoutMs: Int
    let tools: any ToolEndpoint
    private let baseURL = Mutex("")
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    /// Whether the agent ever answered: a run it never did exits 3.
    public let reachability = Reachability()

    public init(url: String, timeoutMs: Int, tools: any ToolEndpoint) {
        self.url = url
        self.timeoutMs = timeoutMs
        self.tools = tools
    }

    deinit { try? client.syncShutdown() }

    public var chargesWallTime: Bool { true }

    public var toolsURL: String { baseURL.withLock { $0 } }

    public func start() async throws {
        let url = try await tools.start()
        baseURL.withLock { $0 = url }
    }

    public func stop() async {
        await tools.stop()
        try? await client.shutdown()
    }

    public func endConversation(_ conversation: String) async {
        _ = try? await post(["type": "end", "conversation": .string(conversation)])
    }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        self.tools.register(turn.conversation, tools)
        defer { self.tools.unregister(turn.conversation) }
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
