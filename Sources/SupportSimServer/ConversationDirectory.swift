import Foundation
import Synchronization
import SupportSimBackends
import SupportSimCore

/// Which backend a call belongs to. During a run, the harness registers each conversation's
/// backend while its turn is in flight (calls for anything else are refused); for `serve`, every
/// conversation id gets its own copy of the world on first use, and calls without the header
/// share one default conversation.
public final class ConversationDirectory: Sendable {
    public enum Mode: Sendable { case run, serve }
    public static let header = "X-SupportSim-Conversation"
    public static let defaultConversation = "default"

    private let mode: Mode
    private let world: World
    private let latencyMs: [String: Int]
    private let start: Date
    private let gateways = Mutex<[String: any ToolGateway]>([:])

    public init(mode: Mode, world: World = World(), latencyMs: [String: Int] = [:], start: Date = Date()) {
        self.mode = mode
        self.world = world
        self.latencyMs = latencyMs
        self.start = start
    }

    public func register(_ conversation: String, _ gateway: any ToolGateway) {
        gateways.withLock { $0[conversation] = gateway }
    }

    public func unregister(_ conversation: String) {
        _ = gateways.withLock { $0.removeValue(forKey: conversation) }
    }

    /// The backend for a conversation id (nil header: the default conversation).
    public func gateway(for conversation: String?) -> (any ToolGateway)? {
        let id = conversation ?? Self.defaultConversation
        return gateways.withLock { g in
            if let existing = g[id] { return existing }
            guard mode == .serve else { return nil }
            let created = ConversationBackend(world: world, latencyMs: latencyMs, start: start)
            g[id] = created
            return created
        }
    }

    /// `GET /audit`: a served conversation's audit log, to see what the agent did.
    public func audit(for conversation: String?) -> [JSONValue] {
        guard let backend = gateway(for: conversation) as? ConversationBackend else { return [] }
        return backend.snapshot().audit.map { $0.json(start: backend.start) }
    }

    /// `POST /reset`: every conversation starts again from the suite's world.
    public func reset() {
        guard mode == .serve else { return }
        gateways.withLock { $0.removeAll() }
    }

    /// Runs an operation for a conversation, with the contract's error shape when there is none.
    public func call(_ operation: String, _ arguments: [String: JSONValue], conversation: String?) async -> ToolOutcome {
        guard let gateway = gateway(for: conversation) else {
            return .failure(ToolError(.notFound, "no conversation \"\(conversation ?? "")\" is in flight; send the \(Self.header) header of the turn"))
        }
        return await gateway.call(operation, arguments)
    }
}
