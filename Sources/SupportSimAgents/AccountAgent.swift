import Foundation
import SupportSimCore

/// The CRM agent: who the customer is, whether they proved it, and account changes.
struct AccountAgent {
    let policies: PolicyBook

    enum Gate { case open, blocked(Draft) }

    /// The customer, from the conversation or found by the e-mail they gave; otherwise ask.
    func identify(_ ctx: TurnContext) async -> Gate {
        if ctx.memory.customerID != nil { return .open }
        if let email = ctx.memory.entities.emails.first {
            let found = await ctx.call(.crm, "crm.find_customer", ["email": .string(email)])
            if let c = found.result?["customers"]?.arrayValue, c.count == 1, let id = c[0]["id"]?.stringValue {
                ctx.memory.customerID = id
                ctx.memory.tier = c[0]["tier"]?.stringValue
                ctx.memory.identifiedByClaim = true
                ctx.note(.crm, "identified the visitor as \(id) by e-mail")
                return .open
            }
            ctx.note(.crm, "no single account matches \(email)")
            return .blocked(Draft("I couldn't find an account with that email address. Please check it, or write to us from the address on your account."))
        }
        if ctx.memory.askedFacts.contains(.email) {
            return .blocked(Draft("Without the email address on your account I can't look up your details, but I'm happy to help with general questions."))
        }
        ctx.note(.crm, "anonymous visitor: asking for the account e-mail")
        return .blocked(Draft(Phrasing.askEmail, question: .email))
    }

    /// Loads the customer's tier once per conversation (for escalation rules).
    func loadProfile(_ ctx: TurnContext) async {
        guard let id = ctx.memory.customerID, !ctx.memory.profileLoaded else { return }
        ctx.memory.profileLoaded = true
        if let r = await ctx.call(.crm, "crm.get_customer", ["customer_id": .string(id)]).result {
            ctx.memory.tier = r["tier"]?.stringValue
        }
    }

    /// Verifies identity before an operation that a `requires_before` policy protects.
    func verify(_ ctx: TurnContext, before operation: String) async -> Gate {
        guard policies.needsVerification(operation), !ctx.memory.verified else { return .open }
        guard let id = ctx.memory.customerID else { return .blocked(Draft(Phrasing.askEmail, question: .email)) }
        if ctx.memory.verificationFailed {
            return .blocked(Draft("I'm sorry, but I couldn't verify your identity, so for your security I can't make that change. You can try again later or contact us from the email on your account."))
        }
        if let digits = ctx.memory.entities.last4 {
            ctx.memory.entities.last4 = nil
            let r = await ctx.call(.crm, "crm.verify_identity", ["customer_id": .string(id), "method": "last4", "value": .string(digits)])
            switch r {
            case .success(let v) where v["verified"]?.boolValue == true:
                ctx.memory.verified = true
                ctx.note(.crm, "identity verified")
                return .open
            case .success:
                ctx.memory.verificationFailed = true
                ctx.note(.crm, "verification failed: the digits do not match")
                return .blocked(Draft("Those digits don't match our records, so for your security I can't make that change."))
            case .failure:
                return .blocked(Draft("I can't reach our verification system right now, so I can't make that change yet. Please try again shortly."))
            }
        }
        if ctx.memory.askedFacts.contains(.last4) {
            ctx.note(.crm, "the customer could not give the card digits")
            ctx.memory.verificationFailed = true
            return .blocked(Draft("Without verifying your identity I can't make that change, for your security. You're welcome to contact us again once you have the card details to hand."))
        }
        ctx.note(.crm, "\(operation) needs a verified identity: asking for the card's last four digits")
        return .blocked(Draft(Phrasing.askLast4, question: .last4))
    }

    func passwordReset(_ ctx: TurnContext) async -> Draft {
        if case .blocked(let d) = await identify(ctx) { return d }
        let id = ctx.memory.customerID!
        switch await ctx.call(.crm, "account.send_password_reset", ["customer_id": .string(id)]) {
        case .success(let r):
            return Draft("I've sent a password reset link to \(r["sent_to"]?.stringValue ?? "your email address").",
                         "It lets you choose a new password.")
        case .failure:
            return Draft("I'm sorry, I couldn't send the reset link just now. Please try again in a few minutes.")
        }
    }

    func updateDetails(_ ctx: TurnContext, message: String) async -> Draft {
        if case .blocked(let d) = await identify(ctx) { return d }
        var fields: [String: JSONValue] = [:]
        if let email = ctx.memory.entities.emails.first { fields["email"] = .string(email) }
        if let phone = ctx.memory.entities.phones.first { fields["phone"] = .string(phone) }
        if fields.isEmpty, let r = message.range(of: #"(?i)name to ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)"#, options: .regularExpression) {
            fields["name"] = .string(String(message[r].dropFirst(8)))
        }
        guard !fields.isEmpty else {
            return Draft("I can update your email, phone number, name or language. What would you like the new details to be?")
        }
        if case .blocked(let d) = await verify(ctx, before: "crm.update_customer") { return d }
        let id = ctx.memory.customerID!
        switch await ctx.call(.crm, "crm.update_customer", ["customer_id": .string(id), "fields": .object(fields)]) {
        case .success(let r):
            let changes = fields.keys.sorted().map { "\($0) is now \(r[$0]?.stringValue ?? "")" }
            return Draft("Done: your \(changes.joined(separator: " and your ")).")
        case .failure(let e):
            return Draft("I'm sorry, I couldn't update your details: \(e.code == .invalidArgument ? "the new value was not accepted" : "the system is unavailable"). Please try again later.")
        }
    }
}
