import Foundation
import Synchronization
import SupportSimBackends
import SupportSimCore

/// Which backend a call belongs to. During a run, the harness registers each conversation's
/// backend while its turn is in flight (calls for anything else are refused); for `serve`, every
/// conversation id gets its own copy of the world on first use, and calls without the header
/// share one default conversation. Served worlds are capped and expire when idle
/// (`ServeLimits.maxWorlds`, `worldIdle`): past the cap the least recently used world is
/// dropped, and a dropped conversation's next call starts again from the suite's world.
public final class ConversationDirectory: Sendable {
    public enum Mode: Sendable { case run, serve }
    public static let header = "X-SupportSim-Conversation"
    public static let defaultConversation = "default"

    private let mode: Mode
    private let world: World
    private let latencyMs: [String: Int]
    private let start: Date
    /// Run mode: the conversations in flight, registered and unregistered by the harness.
    private let gateways = Mutex<[String: any ToolGateway]>([:])
    /// Serve mode: one world per conversation id, created on first use.
    private let worlds: BoundedTable<any ToolGateway>
    /// Serve mode: a fresh conversation's tools (the support backends, or a tau domain's).
    private let makeGateway: @Sendable () -> any ToolGateway
    /// The tools `serve` offers over MCP.
    public let tools: [ToolDescriptor]
    private let log: LimitLog
    private let maxWorlds: Int

    public init(mode: Mode, world: World = World(), latencyMs: [String: Int] = [:], start: Date = Date(),
                limits: ServeLimits = ServeLimits(), log: LimitLog = LimitLog(), tools: [ToolDescriptor] = ToolDescriptor.support,
                makeGateway: (@Sendable () -> any ToolGateway)? = nil) {
        self.mode = mode
        self.tools = tools
        self.makeGateway = makeGateway ?? { ConversationBackend(world: world, latencyMs: latencyMs, start: start) }
        self.world = world
        self.latencyMs = latencyMs
        self.start = start
        self.worlds = BoundedTable(cap: limits.maxWorlds, idle: limits.worldIdle)
        self.maxWorlds = limits.maxWorlds
        self.log = log
    }

    /// Served worlds currently held.
    public var worldCount: Int { worlds.count }

    public func register(_ conversation: String, _ gateway: any ToolGateway) {
        gateways.withLock { $0[conversation] = gateway }
    }

    public func unregister(_ conversation: String) {
        _ = gateways.withLock { $0.removeValue(forKey: conversation) }
    }

    /// The backend for a conversation id (nil header: the default conversation).
    public func gateway(for conversation: String?) -> (any ToolGateway)? {
        let id = conversation ?? Self.defaultConversation
        guard mode == .serve else { return gateways.withLock { $0[id] } }
        let (backend, removed) = worlds.getOrInsert(id, makeGateway)
        if removed.contains(where: { $0.2 == .evicted }) {
            log.hit("worlds", "conversation limit (\(maxWorlds)) reached: dropped the least recently used conversation's world")
        }
        return backend
    }

    /// `GET /audit`: a served conversation's audit log, to see what the agent did.
    public func audit(for conversation: String?) -> [JSONValue] {
        guard let backend = gateway(for: conversation) as? any AuditedGateway else { return [] }
        return backend.auditLog.map { $0.json(start: backend.auditStart) }
    }

    /// `POST /reset`: every conversation starts again from the suite's world.
    public func reset() {
        guard mode == .serve else { return }
        _ = worlds.removeAll()
    }

    /// Runs an operation for a conversation, with the contract's error shape when there is none.
    public func call(_ operation: String, _ arguments: [String: JSONValue], conversation: String?) async -> ToolOutcome {
        guard let gateway = gateway(for: conversation) else {
            return .failure(ToolError(.notFound, "no conversation \"\(conversation ?? "")\" is in flight; send the \(Self.header) header of the turn"))
        }
        return await gateway.call(operation, arguments)
    }
}
