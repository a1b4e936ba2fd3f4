import Foundation
import Synchronization
import SupportSimCore

/// The tool endpoint an HTTP agent calls during a run: a backend server on 127.0.0.1 (no MCP)
/// whose `POST /tools/{operation}` reaches the conversation named by `X-SupportSim-Conversation`.
public final class LoopbackToolEndpoint: ToolEndpoint {
    /// 0 picks a free port.
    public let port: Int
    private let directory = ConversationDirectory(mode: .run)
    private let server = Mutex<Task<Void, any Error>?>(nil)

    public init(port: Int = 0) { self.port = port }

    public func start() async throws -> String {
        let backend = BackendServer(directory: directory, options: .init(host: "127.0.0.1", port: port), mcp: false)
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { readyContinuation.finish() }
            try await backend.run { port in readyContinuation.yield(port) }
        }
        server.withLock { $0 = task }
        var iterator = ready.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            let reason = (try? await task.value).map { _ in "it stopped" } ?? "it failed to listen on 127.0.0.1:\(port)"
            throw ToolEndpointFailure("the tool endpoint did not start: \(reason)")
        }
        return "http://127.0.0.1:\(bound)"
    }

    public func stop() async {
        server.withLock { $0?.cancel() }
    }

    public func register(_ conversation: String, _ tools: any ToolGateway) { directory.register(conversation, tools) }

    public func unregister(_ conversation: String) { directory.unregister(conversation) }
}

public struct ToolEndpointFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
