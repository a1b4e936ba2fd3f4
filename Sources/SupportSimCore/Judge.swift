import Foundation

/// `judge: {rubric, pass_if}` in a turn's or a conversation's `expect:`: a check graded by the
/// suite's judge model (docs/model-driven.md).
public struct JudgeExpectation: Sendable, Hashable {
    public var rubric: String
    /// The lowest score (0 to 1) that passes; nil: the judge's verdict decides.
    public var passIf: Decimal?
    public init(rubric: String, passIf: Decimal? = nil) {
        self.rubric = rubric
        self.passIf = passIf
    }
}

/// The judge's answer to one judge check: a verdict, a score and one sentence of reason, or the
/// error that kept it from answering in that shape.
public struct JudgeVerdict: Sendable, Hashable {
    /// The scripted turn the check belongs to; nil for the conversation's.
    public var turn: Int?
    public var rubric: String
    public var verdict: String?
    public var score: Decimal?
    public var reason: String?
    public var error: String?
    public var usage: TokenUsage?

    public init(turn: Int?, rubric: String, verdict: String? = nil, score: Decimal? = nil, reason: String? = nil,
                error: String? = nil, usage: TokenUsage? = nil) {
        self.turn = turn
        self.rubric = rubric
        self.verdict = verdict
        self.score = score
        self.reason = reason
        self.error = error
        self.usage = usage
    }
}

/// Grades a played conversation's judge checks (the model judge of SupportSimAdapters, or a
/// test's). Called by the runner after the conversation, before scoring.
public protocol ConversationJudge: Sendable {
    func judge(_ record: ConversationRecord) async -> [JudgeVerdict]
}

extension Scenario {
    /// The judge checks in order: each scripted turn's, then the conversation's.
    public var judgeChecks: [(turn: Int?, check: JudgeExpectation)] {
        turns.enumerated().compactMap { i, t in t.expect.judge.map { (i, $0) } } + (expect.judge.map { [(nil, $0)] } ?? [])
    }
}
