import Foundation
import SupportSimCore

/// The deterministic scorer: expectation checks, the policy engine, and the per-conversation
/// figures the KPIs need. Built once per run and shared by every conversation.
public struct StandardScorer: ConversationScorer {
    let checker = ExpectationChecker()
    let policies: PolicyEngine
    let grounding: GroundingChecker
    let config: SuiteConfig

    public init(suite: Suite) {
        self.policies = PolicyEngine(policies: suite.policies, tools: suite.tools)
        self.grounding = GroundingChecker(config: suite.config, knowledgeBase: suite.world.knowledgeBase)
        self.config = suite.config
    }

    public func score(_ record: ConversationRecord) -> ScenarioResult {
        let checks = record.error == nil ? checker.checks(record) : []
        return ScenarioResult(record: record, checks: checks, violations: policies.violations(record),
                              hallucinations: grounding.hallucinations(record), figures: figures(record))
    }

    func figures(_ record: ConversationRecord) -> ConversationFigures {
        var f = ConversationFigures()
        f.escalationExpected = EscalationScoring.expected(record, engine: policies)
        f.handoffQuality = EscalationScoring.handoffQuality(record)
        f.repeatedAsks = Self.repeatedAsks(record)
        if let sla = record.scenario.expect.sla ?? config.sla {
            let frtOK = sla.firstResponseMs.map { bound in record.frtMs.map { $0 <= bound } ?? false }
            let resolutionOK = sla.resolutionMs.map { record.durationMs <= $0 }
            f.firstResponseWithinSLA = frtOK
            f.slaMet = (frtOK ?? true) && (resolutionOK ?? true)
        }
        for reply in record.agentReplies {
            f.inputTokens += reply.reply?.usage?.inputTokens ?? 0
            f.outputTokens += reply.reply?.usage?.outputTokens ?? 0
        }
        for verdict in record.judgements {
            f.judgeInputTokens += verdict.usage?.inputTokens ?? 0
            f.judgeOutputTokens += verdict.usage?.outputTokens ?? 0
        }
        f.customerInputTokens = record.customerUsage?.inputTokens ?? 0
        f.customerOutputTokens = record.customerUsage?.outputTokens ?? 0
        return f
    }

    /// Facts the agent asked for that the customer had already given in an earlier message.
    static func repeatedAsks(_ record: ConversationRecord) -> Int {
        let knows = record.scenario.knows
        guard !knows.isEmpty else { return 0 }
        var count = 0
        var said = ""
        for entry in record.transcript {
            if entry.speaker == .customer {
                said += "\n" + entry.text.lowercased()
                continue
            }
            for fact in FactRequests.asked(in: entry.text, extra: Array(knows.keys)) {
                if let value = knows[fact], said.contains(value.lowercased()) { count += 1 }
            }
        }
        return count
    }
}
