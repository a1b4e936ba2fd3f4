import Foundation
import SupportSimCore
import SupportSimScoring

/// The validation agent: checks every draft before it is sent, with the same claim and grounding
/// rules as scoring (metrics.md) and the suite's `never_say` policies, and rewrites the reply
/// rather than send a sentence it cannot stand behind.
struct ValidationAgent: Sendable {
    let policies: PolicyBook
    /// The suite's grounded facts: evidence every conversation starts with.
    let facts: Evidence
    /// `policies.forbidsSaying` of each sentence: the agent's sentences come from templates and
    /// the knowledge base, so the same ones are checked on turn after turn.
    private let forbidden = BoundedMemo<String, Bool>(capacity: 16_384)

    init(policies: PolicyBook, groundedFacts: [String], year: Int) {
        self.policies = policies
        var facts = Evidence(year: year)
        for f in groundedFacts { facts.add(text: f, source: "grounded_facts") }
        self.facts = facts
    }

    func review(_ draft: Draft, _ ctx: TurnContext) -> Draft {
        var d = draft
        let year = ISODate.year(of: ctx.now)
        var kept: [String] = []
        for sentence in d.sentences {
            if forbidden.value(sentence, policies.forbidsSaying) {
                ctx.note(.validation, "removed a sentence that a never_say policy forbids")
                continue
            }
            let ungrounded = GroundingChecker.ungroundedClaims(in: sentence, evidence: ctx.memory.evidence, year: year)
            if !ungrounded.isEmpty {
                ctx.note(.validation, "removed a sentence with ungrounded " + ungrounded.map { "\($0.kind.rawValue) \($0.text)" }.joined(separator: ", "))
                continue
            }
            kept.append(sentence)
        }
        if kept.isEmpty {
            kept = ["I'm sorry, I can't confirm that detail right now. Is there anything else I can help with?"]
            d.question = nil
            ctx.note(.validation, "nothing of the draft could be sent: replaced with a safe answer")
        } else if kept.count == d.sentences.count {
            ctx.note(.validation, "reply approved: every claim is grounded and no policy is broken")
        }
        d.sentences = kept
        return d
    }
}
