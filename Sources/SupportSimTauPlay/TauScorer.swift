import Foundation
import SupportSimCore
import SupportSimScoring

/// Scores a tau episode: it passes on tau-bench's reward (a check of its own, `tau_reward`), and
/// SupportSim's findings on the same episode (hallucinations against the tool outputs and the
/// customer's words, the suite's policies, escalation) are listed beside it, counted in their
/// own metrics but not in the pass, so that a tau suite's pass rate is tau-bench's success rate.
public struct TauScorer: ConversationScorer {
    let standard: StandardScorer

    /// - Parameter policy: the domain policy the agent is given in its system prompt (tau-bench's
    ///   wiki). What it states (fees, windows, amounts) is always available to the agent, so it
    ///   grounds a reply as the suite's `grounded_facts` do.
    public init(suite: Suite, policy: String) {
        var graded = suite
        if !policy.isEmpty { graded.config.groundedFacts.append(policy) }
        self.standard = StandardScorer(suite: graded)
    }

    public func score(_ record: ConversationRecord) -> ScenarioResult {
        // Grounding reads tool results as JSON; tau tools answer with json.dumps text.
        var graded = record
        graded.audit = record.audit.map { entry in
            var e = entry
            if case .success(.string(let text)) = entry.outcome, let parsed = try? JSONValue.parse(text) {
                // A bare number is a calculator's answer (tau's `calculate`): the figure the
                // agent goes on to quote as an amount.
                if case .number = parsed { e.outcome = .success(["amount": parsed]) } else { e.outcome = .success(parsed) }
            }
            return e
        }
        var result = standard.score(graded)
        result.record = record
        guard let tau = record.tau, record.error == nil else { return result }
        var expected: [String: JSONValue] = ["reward": 1]
        if let recorded = tau.recordedReward { expected["recorded_reward"] = .number(recorded) }
        var note = "ended: \(tau.end) after \(tau.steps) steps"
        if let db = tau.databaseMatched { note += db ? "; database equals the gold actions' result" : "; database differs from the gold actions' result" }
        let missing = tau.outputs.filter { !$0.value }.keys.sorted()
        if !missing.isEmpty { note += "; outputs never said: " + missing.joined(separator: ", ") }
        result.checks.append(Check(kind: "tau_reward", passed: tau.reward == 1, expected: .number(1), actual: .number(tau.reward),
                                   note: note))
        result.status = tau.reward == 1 ? .pass : .fail
        return result
    }
}
