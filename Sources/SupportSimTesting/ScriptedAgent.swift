import Foundation
import SupportSimCore

/// One reply of a scripted agent: the calls it makes, then what it says.
public struct ScriptedStep: Sendable {
    public var calls: [(operation: String, arguments: [String: JSONValue])]
    public var reply: AgentReply

    public init(calls: [(operation: String, arguments: [String: JSONValue])] = [], reply: AgentReply) {
        self.calls = calls
        self.reply = reply
    }

    public static func say(_ text: String, intent: String? = nil, calls: [(String, [String: JSONValue])] = [],
                           escalate: Handoff? = nil) -> ScriptedStep {
        ScriptedStep(calls: calls.map { (operation: $0.0, arguments: $0.1) },
                     reply: AgentReply(text: text, intent: intent, escalate: escalate))
    }
}

/// A test agent that plays back fixed steps per scenario: step `i` answers the conversation's
/// `i`-th customer message. Drives the runner in tests without any intelligence of its own.
public struct ScriptedAgent: SupportAgent {
    public var scripts: [String: [ScriptedStep]]
    public var fallback: AgentReply
    /// Optional real-time delay per reply, for timeout tests.
    public var delay: Duration?

    public init(scripts: [String: [ScriptedStep]], fallback: AgentReply = AgentReply(text: "Okay."), delay: Duration? = nil) {
        self.scripts = scripts
        self.fallback = fallback
        self.delay = delay
    }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        if let delay { try await Task.sleep(for: delay) }
        guard let steps = scripts[turn.scenario], turn.turn < steps.count else { return fallback }
        let step = steps[turn.turn]
        for call in step.calls { _ = await tools.call(call.operation, call.arguments) }
        return step.reply
    }
}

/// An agent built from a closure, for tests that need a little logic.
public struct ClosureAgent: SupportAgent {
    let body: @Sendable (TurnInput, any ToolGateway) async throws -> AgentReply
    public init(_ body: @escaping @Sendable (TurnInput, any ToolGateway) async throws -> AgentReply) { self.body = body }
    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        try await body(turn, tools)
    }
}
