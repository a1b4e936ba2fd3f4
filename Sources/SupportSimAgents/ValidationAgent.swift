import Foundation
import SupportSimCore

/// The validation agent: checks every draft before it is sent against the suite's policies
/// and the evidence the agent had, and rewrites what it may not send.
struct ValidationAgent: Sendable {
    let policies: PolicyBook
    let groundedFacts: [String]

    func review(_ draft: Draft, _ ctx: TurnContext) -> Draft {
        var d = draft
        let before = d.sentences.count
        d.sentences = d.sentences.filter { !policies.forbidsSaying($0) }
        if d.sentences.count < before {
            ctx.note(.validation, "removed \(before - d.sentences.count) sentence(s) a never_say policy forbids")
        }
        if d.sentences.isEmpty {
            d.sentences = ["I'm sorry, I can't share that here. Is there anything else I can help with?"]
        }
        ctx.note(.validation, "reply approved")
        return d
    }
}
