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
        /// Matching calls seen so far, per fault.
        var faultCalls: [Int]
    }

    private let state: Mutex<State>

    public let auditStart: Date
    private let faults: [Fault]

    /// - Parameter faults: the scenario's injected faults; a failing call does not run and the
    ///   agent sees `Error: <tool> is unavailable (injected fault: …)`, as any tool error.
    public init(domain: TauDomain, data: PyDict, faults: [Fault] = [], start: Date = Date(timeIntervalSince1970: 0)) {
        auditStart = start
        self.faults = faults
        state = Mutex(State(environment: TauEnvironment(domain: domain, data: data),
                            faultCalls: Array(repeating: 0, count: faults.count)))
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
                if let (observation, latency) = injected(&s, operation) {
                    return record(&s, operation, [:], s.environment.failCall(operation, observation: observation), latency)
                }
                let observation = s.environment.callTool(operation, argumentsJSON: argumentsJSON)
                return record(&s, operation, [:], observation)
            }
        }
        return run(operation, kwargs, arguments: PyConversion.arguments(kwargs))
    }

    private func run(_ operation: String, _ kwargs: PyDict, arguments: [String: JSONValue]) -> ToolOutcome {
        state.withLock { s in
            if let (observation, latency) = injected(&s, operation) {
                return record(&s, operation, arguments, s.environment.failCall(operation, observation: observation), latency)
            }
            let observation = s.environment.callTool(operation, kwargs)
            return record(&s, operation, arguments, observation)
        }
    }

    /// The error an active fault injects into this call (counted as the support backends count
    /// them: `after` matching calls pass, then `times` fail), with the latency it adds.
    private func injected(_ s: inout State, _ operation: String) -> (String, Int)? {
        var error: String?
        var latency = 0
        for (i, fault) in faults.enumerated() where Glob.matches(fault.operation, operation) {
            s.faultCalls[i] += 1
            let n = s.faultCalls[i], skip = fault.after ?? 0
            guard n > skip, fault.times.map({ n <= skip + $0 }) ?? true else { continue }
            latency += fault.latencyMs ?? 0
            if error == nil, let code = fault.error {
                error = code == "timeout" ? "Error: \(operation) timed out (injected fault)"
                    : "Error: \(operation) is unavailable (injected fault: \(code))"
            }
        }
        return error.map { ($0, latency) }
    }

    private func record(_ s: inout State, _ operation: String, _ arguments: [String: JSONValue], _ observation: String,
                        _ latencyMs: Int = 0) -> ToolOutcome {
        s.observations.append(observation)
        let outcome: ToolOutcome
        if observation.hasPrefix("Error: ") || observation.hasPrefix("Unknown action ") {
            let code: ToolError.Code = observation.hasPrefix("Unknown") ? .unknownOperation : .invalidArgument
            outcome = .failure(ToolError(code, observation))
        } else {
            outcome = .success(.string(observation))
        }
        s.audit.append(AuditEntry(seq: s.audit.count + 1, atMs: 0, operation: operation, arguments: arguments,
                                  outcome: outcome, latencyMs: latencyMs))
        return outcome
    }

    /// The agent's reply to the customer (tau-bench's `respond`).
    public func respond(_ text: String) { state.withLock { $0.environment.respond(text) } }

    /// The customer's next message; `###STOP###` ends the episode.
    public func customerSaid(_ text: String) { state.withLock { $0.environment.customerSaid(text) } }
}
