import Foundation
import SupportSimCore

public enum ScenarioStatus: String, Sendable, Hashable, CaseIterable {
    case pass, fail, error, invalid
}

/// A policy broken in a conversation, with the evidence.
public struct Violation: Sendable, Hashable {
    public var policy: String
    public var severity: Severity
    public var turn: Int?
    public var evidence: String
    public var waived: Bool
    public init(policy: String, severity: Severity, turn: Int?, evidence: String, waived: Bool = false) {
        self.policy = policy
        self.severity = severity
        self.turn = turn
        self.evidence = evidence
        self.waived = waived
    }
}

/// A claim in a reply that nothing available to the agent supports.
public struct Hallucination: Sendable, Hashable {
    public var turn: Int
    public var claim: String
    public var kind: String
    public var sentence: String
    public var comparedWith: String
    public init(turn: Int, claim: String, kind: String, sentence: String, comparedWith: String) {
        self.turn = turn
        self.claim = claim
        self.kind = kind
        self.sentence = sentence
        self.comparedWith = comparedWith
    }
}

/// One scenario trial, scored.
public struct ScenarioResult: Sendable {
    public var record: ConversationRecord
    public var checks: [Check]
    public var violations: [Violation]
    public var hallucinations: [Hallucination]
    public var status: ScenarioStatus

    public init(record: ConversationRecord, checks: [Check], violations: [Violation] = [],
                hallucinations: [Hallucination] = [])
    {
        self.record = record
        self.checks = checks
        self.violations = violations
        self.hallucinations = hallucinations
        if record.error != nil {
            status = .error
        } else if checks.contains(where: { $0.passed == false }) || violations.contains(where: { !$0.waived })
            || !hallucinations.isEmpty
        {
            status = .fail
        } else {
            status = .pass
        }
    }

    public var id: String { record.scenario.id }
    public var trial: Int { record.trial }

    /// Why it did not pass, one line per reason, for reports and JUnit.
    public var failureReasons: [String] {
        var reasons: [String] = []
        if let e = record.error { reasons.append("error: \(e)") }
        reasons += checks.filter { $0.passed == false }.map(\.summary)
        reasons += violations.filter { !$0.waived }.map { "policy \($0.policy) (\($0.severity.rawValue)): \($0.evidence)" }
        reasons += hallucinations.map { "ungrounded \($0.kind) \"\($0.claim)\" in: \($0.sentence)" }
        return reasons
    }
}

/// Scores a played conversation.
public protocol ConversationScorer: Sendable {
    func score(_ record: ConversationRecord) -> ScenarioResult
}

/// The deterministic scorer: expectation checks (policies and grounding plug in beside them).
public struct StandardScorer: ConversationScorer {
    let checker = ExpectationChecker()
    public init() {}
    public func score(_ record: ConversationRecord) -> ScenarioResult {
        ScenarioResult(record: record, checks: record.error == nil ? checker.checks(record) : [])
    }
}
