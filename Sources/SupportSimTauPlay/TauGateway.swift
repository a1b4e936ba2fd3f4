import Foundation
import Synchronization
import SupportSimCore
import SupportSimTau

/// The tools of a tau domain as one conversation sees them: tau-bench's environment (its own
/// copy of the database, copy-on-write), the audit log, and the observations in call order.
/// Tool failures are observations, as in tau-bench (`Error: ...`): the agent reads them as text.
public final class TauGateway: EpisodeToolGateway, AuditedGateway, Sendable {
    private struct State {
        var environment: TauEnvironment
        var audit: [AuditEntry] = []
        var observations: [String] = []
    }

    private let state: Mutex<State>

    public let auditStart: Date

    public init(domain: TauDomain, data: PyDict, start: Date = Date(timeIntervalSince1970: 0)) {
        auditStart = start
        state = Mutex(State(environment: TauEnvironment(domain: domain, data: data)))
    }

    public var episodeEnded: Bool { state.withLock { $0.environment.isDone } }
    public var environment: TauEnvironment { state.withLock { $0.environment } }
    public var audit: [AuditEntry] { state.withLock { $0.audit } }
    public var observations: [String] { state.withLock { $0.observations } }
    public var auditCount: Int { state.withLock { $0.audit.count } }
    public var auditLog: [AuditEntry] { audit }

    public func call(_ operation: String, _ arguments: [String: JSONValue]) async -> ToolOutcome {
        run(operation, PyConversion.kwargs(arguments), arguments: arguments)
    }

    public func call(_ operation: String, argumentsJSON: String) async -> ToolOutcome {
        guard let kwargs = (try? PyJSON.parse(argumentsJSON))?.dictValue else {
            return state.withLock { s in
                let observation = s.environment.callTool(operation, argumentsJSON: argumentsJSON)
                return record(&s, operation, [:], observation)
            }
        }
        return run(operation, kwargs, arguments: PyConversion.arguments(kwargs))
    }

    private func run(_ operation: String, _ kwargs: PyDict, arguments: [String: JSONValue]) -> ToolOutcome {
        state.withLock { s in
            let observation = s.environment.callTool(operation, kwargs)
            return record(&s, operation, arguments, observation)
        }
    }

    private func record(_ s: inout State, _ operation: String, _ arguments: [String: JSONValue], _ observation: String) -> ToolOutcome {
        s.observations.append(observation)
        let outcome: ToolOutcome
        if observation.hasPrefix("Error: ") || observation.hasPrefix("Unknown action ") {
            let code: ToolError.Code = observation.hasPrefix("Unknown") ? .unknownOperation : .invalidArgument
            outcome = .failure(ToolError(code, observation))
        } else {
            outcome = .success(.string(observation))
        }
        s.audit.append(AuditEntry(seq: s.audit.count + 1, atMs: 0, operation: operation, arguments: arguments,
                                  outcome: outcome, latencyMs: 0))
        return outcome
    }

    /// The agent's reply to the customer (tau-bench's `respond`).
    public func respond(_ text: String) { state.withLock { $0.environment.respond(text) } }

    /// The customer's next message; `###STOP###` ends the episode.
    public func customerSaid(_ text: String) { state.withLock { $0.environment.customerSaid(text) } }
}
