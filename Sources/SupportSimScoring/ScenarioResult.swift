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

/// Per-conversation figures that the KPIs are computed from.
public struct ConversationFigures: Sendable, Hashable {
    /// Whether a human should have taken over (metrics.md, escalation).
    public var escalationExpected = false
    public var handoffQuality: Double?
    /// Facts the agent asked for that the customer had already given.
    public var repeatedAsks = 0
    /// Whether the conversation met its SLA; nil when it has none.
    public var slaMet: Bool?
    public var firstResponseWithinSLA: Bool?
    public var inputTokens = 0
    /// Tokens the judge model spent grading the conversation: the cost of evaluating, kept
    /// apart from the agent's.
    public var judgeInputTokens = 0
    public var judgeOutputTokens = 0
    /// Tokens a model-driven customer spent playing the customer: the cost of simulating.
    public var customerInputTokens = 0
    public var customerOutputTokens = 0
    public var outputTokens = 0
    public init() {}

    /// metrics.md: 5, minus 2 if unresolved, 1 for a wrong escalation decision, 1 per fact asked
    /// again, 1 for a first response over the SLA, 1 for any ungrounded reply; never below 1.
    public func csat(_ record: ConversationRecord, hallucinated: Bool) -> Int {
        var score = 5
        if record.resolution == .unresolved { score -= 2 }
        if record.escalated != escalationExpected { score -= 1 }
        score -= repeatedAsks
        if firstResponseWithinSLA == false { score -= 1 }
        if hallucinated { score -= 1 }
        return max(1, score)
    }
}

/// One scenario trial, scored.
public struct ScenarioResult: Sendable {
    /// The played conversation. Held in a copy-on-write box: a run moves and copies its results
    /// (plan order, reports, drift), and a record inline is about a kilobyte of fields to copy
    /// and retain each time; boxed, a copy is one reference.
    public var record: ConversationRecord {
        get { box.record }
        set {
            if isKnownUniquelyReferenced(&box) { box.record = newValue } else { box = RecordBox(newValue) }
        }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = RecordBox(box.record) }
            yield &box.record
        }
    }
    private var box: RecordBox
    public var checks: [Check]
    public var violations: [Violation]
    public var hallucinations: [Hallucination]
    public var figures: ConversationFigures
    public var status: ScenarioStatus
    /// Set once the conversation's pieces of results.json and report.html are on disk and its
    /// transcript and audit log were let go (`spooling`): the writers copy those pieces.
    public private(set) var spooled: SpooledPieces? = nil

    public init(record: ConversationRecord, checks: [Check], violations: [Violation] = [],
                hallucinations: [Hallucination] = [], figures: ConversationFigures = ConversationFigures())
    {
        self.box = RecordBox(record)
        self.checks = checks
        self.violations = violations
        self.hallucinations = hallucinations
        self.figures = figures
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

    public var csat: Int { figures.csat(record, hallucinated: !hallucinations.isEmpty) }

    /// The result as a run keeps it once its report pieces are spooled: the audit log let go,
    /// and of the transcript only what metrics and drift read (who spoke when, the intent each
    /// reply reported, and the replies' text for trial 1, which drift compares with the
    /// goldens), and of each check its kind, verdict and turn. Scores and findings stay whole.
    /// Only for a passing conversation:
    /// the failure sections and junit.xml quote a failing one's transcript, so one that did
    /// not pass is returned whole.
    public func spooling(_ pieces: SpooledPieces) -> ScenarioResult {
        guard status == .pass else { return self }
        var kept = self
        kept.spooled = pieces
        let keepsText = record.trial == 1
        kept.record.transcript = record.transcript.map { t in
            var e = t
            if !keepsText { e.text = "" }
            e.reply = t.reply.map { AgentReply(text: "", intent: $0.intent) }
            return e
        }
        kept.record.audit = []
        // Metrics count checks by kind and verdict; what each expected and found is in the piece.
        kept.checks = checks.map { Check(kind: $0.kind, passed: $0.passed, expected: .null, actual: .null, turn: $0.turn) }
        return kept
    }

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

extension ScenarioResult {
    /// What the conversation's model calls cost at `costs`' prices: the agent's tokens, the
    /// customer model's and the judge's (a run's `max_cost` budget counts all three).
    public func modelCost(_ costs: Costs) -> Decimal {
        let f = figures
        let input = f.inputTokens + f.customerInputTokens + f.judgeInputTokens
        let output = f.outputTokens + f.customerOutputTokens + f.judgeOutputTokens
        return Decimal(input) / 1000 * costs.perThousandInputTokens + Decimal(output) / 1000 * costs.perThousandOutputTokens
    }
}

/// `ScenarioResult.record`'s storage: only ever mutated while uniquely referenced (copy on
/// write), so sharing it between tasks is as safe as sharing the value.
private final class RecordBox: @unchecked Sendable {
    var record: ConversationRecord
    init(_ record: ConversationRecord) { self.record = record }
}
