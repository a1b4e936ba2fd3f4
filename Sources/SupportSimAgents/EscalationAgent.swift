import Foundation
import SupportSimCore

/// The escalation agent: decides when a human must take over, and hands off with the context a
/// human needs (the contract's hand-off object).
struct EscalationAgent {
    let policies: PolicyBook

    struct Decision {
        var reason: String
        var priority: String
        var nextStep: String
    }

    /// Whole-word, case-insensitive: "sue" is not in "issue".
    static func containsWord(_ text: String, _ term: String) -> Bool {
        TextSearch.containsWord(text.lowercased(), term.lowercased())
    }

    /// Whether this turn must go to a human, and why: sensitive intents, the suite's
    /// `must_escalate` policies, repeated low confidence, or a customer who stays angry.
    func decide(_ ctx: TurnContext, message: String, sentiment: Double) -> Decision? {
        let vip = ctx.memory.tier == "vip"
        for rule in policies.mustEscalate {
            let tierOK = rule.tiers.isEmpty || rule.tiers.contains(ctx.memory.tier ?? "")
            let intentHit = rule.intents.contains { Glob.matches($0, ctx.intent) }
            let mentionHit = rule.mentions.contains { Self.containsWord(message, $0) }
            let condition = rule.intents.isEmpty && rule.mentions.isEmpty ? true : (intentHit || mentionHit)
            if tierOK && condition && !(rule.tiers.isEmpty && rule.intents.isEmpty && rule.mentions.isEmpty) {
                ctx.note(.escalation, "policy \(rule.id) requires a human")
                if ctx.intent.hasPrefix("legal.") || mentionHit {
                    return Decision(reason: "legal", priority: "high", nextStep: "Contact the customer today about the legal or chargeback threat")
                }
                if !rule.tiers.isEmpty && ctx.intent.hasPrefix("complaint.") {
                    return Decision(reason: "vip_complaint", priority: "high", nextStep: "Call the customer back and resolve the complaint")
                }
                return Decision(reason: rule.id, priority: vip ? "high" : "normal", nextStep: "Review the conversation and follow up")
            }
        }
        switch ctx.intent {
        case "legal.threat":
            return Decision(reason: "legal", priority: "high", nextStep: "Contact the customer today about the legal threat")
        case "account.close":
            return Decision(reason: "account_closure", priority: "normal", nextStep: "Confirm the closure with the customer and close the account")
        case "human.request":
            return Decision(reason: "customer_request", priority: vip ? "high" : "normal", nextStep: "Reply to the customer, who asked for a person")
        default:
            break
        }
        if ctx.memory.lowConfidenceTurns >= 2 {
            return Decision(reason: "low_confidence", priority: "normal", nextStep: "Find out what the customer needs")
        }
        if sentiment <= -0.6 && ctx.memory.negativeTurns >= 2 {
            return Decision(reason: "negative_sentiment", priority: vip ? "high" : "normal", nextStep: "Reach out to the upset customer")
        }
        return nil
    }

    /// Hands off through `handoff.escalate` with the summary, intent, actions and next step.
    func handOff(_ ctx: TurnContext, _ d: Decision, summary: String? = nil, lead: String? = nil) async -> Draft {
        let customer = ctx.memory.customerID
        var args: [String: JSONValue] = [
            "reason": .string(d.reason), "priority": .string(d.priority),
            "summary": .string(summary ?? defaultSummary(ctx)), "intent": .string(ctx.intent),
            "actions_taken": .array(ctx.memory.actionsTaken.map { .string($0) }), "next_step": .string(d.nextStep),
        ]
        if let customer { args["customer_id"] = .string(customer) }
        let r = await ctx.call(.escalation, "handoff.escalate", args)
        var draft = Draft()
        draft.escalated = r.isSuccess
        let opening = lead.map { $0 + " " } ?? ""
        if let ticket = r.result?["ticket_id"]?.stringValue {
            ctx.note(.escalation, "handed off: \(d.reason), priority \(d.priority)")
            draft.sentences = [opening + "I've passed your case to a member of our support team with all the details (reference \(ticket)).",
                               d.priority == "high" || d.priority == "urgent" ? "It's marked as a priority and someone will contact you as soon as possible."
                                   : "A specialist will get back to you by email."]
        } else {
            draft.sentences = ["I'm sorry, I couldn't reach our support team just now. Please call us or try again shortly."]
        }
        return draft
    }

    private func defaultSummary(_ ctx: TurnContext) -> String {
        let who = ctx.memory.customerID.map { "Customer \($0)" + (ctx.memory.tier.map { " (\($0))" } ?? "") } ?? "An anonymous visitor"
        return "\(who) wrote: \"\(ctx.memory.firstMessage.prefix(240))\". Latest: \"\(ctx.input.message.prefix(240))\"."
    }
}

extension Draft {
    init() { self.init(sentences: [], question: nil) }
    init(sentences: [String], question: ConversationMemory.Question?) {
        self.sentences = sentences
        self.question = question
    }
}
