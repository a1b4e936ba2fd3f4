import Foundation
import SupportSimCore

/// The specialised agents of the reference system and the systems each may use.
enum Specialist: String, Sendable, CaseIterable {
    case orchestrator, intent, crm, billing, orders, tickets, knowledge, escalation, validation

    /// Role-based access: an agent may call only its own system's operations.
    var systems: Set<String> {
        switch self {
        case .crm: return ["crm", "account"]
        case .billing: return ["billing"]
        case .orders: return ["orders"]
        case .tickets: return ["tickets"]
        case .knowledge: return ["kb"]
        case .escalation: return ["handoff"]
        case .orchestrator, .intent, .validation: return []
        }
    }
}

/// One turn in progress: the memory being updated, the backends, and the trace of decisions.
final class TurnContext {
    let input: TurnInput
    let tools: any ToolGateway
    let policies: PolicyBook
    var memory: ConversationMemory
    var trace: [TraceStep] = []
    var intent: String
    var confidence: Double
    var citations: [String] = []
    /// A write the gateway held back because a `requires_before` policy wants a verified
    /// identity first; the orchestrator verifies (or asks) and then lets the work run again.
    var heldWrite: String?

    init(input: TurnInput, tools: any ToolGateway, policies: PolicyBook, memory: ConversationMemory,
         intent: String, confidence: Double) {
        self.input = input
        self.tools = tools
        self.policies = policies
        self.memory = memory
        self.intent = intent
        self.confidence = confidence
    }

    func note(_ agent: Specialist, _ decision: String) {
        trace.append(TraceStep(agent: agent.rawValue, decision: decision))
    }

    var now: Date { input.now }

    /// Calls an operation on behalf of a specialist. Calls outside its systems, calls that a
    /// `never_call` policy forbids, and calls that a `requires_before` policy protects while the
    /// customer is not verified are refused here and never reach the backends. A transient
    /// failure (`unavailable`, `timeout`) is retried once.
    func call(_ agent: Specialist, _ operation: String, _ args: [String: JSONValue]) async -> ToolOutcome {
        let system = String(operation.prefix { $0 != "." })
        guard agent.systems.contains(system) else {
            note(agent, "refused: the \(agent.rawValue) agent may not call \(operation)")
            return .failure(ToolError(.forbidden, "\(agent.rawValue) may not call \(operation)"))
        }
        guard !policies.forbids(operation) else {
            note(agent, "refused: policy forbids \(operation)")
            return .failure(ToolError(.forbidden, "policy forbids \(operation)"))
        }
        // One guard for every write, whichever specialist makes it: the suite's policies, not
        // each specialist's habits, decide what needs a verified identity.
        if policies.needsVerification(operation), !memory.verified {
            note(agent, "held: \(operation) needs a verified identity first")
            heldWrite = heldWrite ?? operation
            return .failure(ToolError(.forbidden, "\(operation) needs a verified identity"))
        }
        var outcome = await tools.call(operation, args)
        if case .failure(let e) = outcome, e.code == .unavailable || e.code == .timeout {
            note(agent, "\(operation) failed (\(e.code.rawValue)); retrying once")
            outcome = await tools.call(operation, args)
        }
        switch outcome {
        case .success(let result):
            memory.actionsTaken.append(operation)
            memory.evidence.add(json: result, source: operation)
            note(agent, "called \(operation)")
        case .failure(let e):
            note(agent, "\(operation) failed: \(e.code.rawValue)")
        }
        return outcome
    }
}
