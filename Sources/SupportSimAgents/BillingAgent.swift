import Foundation
import SupportSimCore

/// The billing agent: charges, refunds, invoices, plans and subscriptions.
struct BillingAgent {
    let policies: PolicyBook
    let account: AccountAgent
    let catalogue: Catalogue

    enum Outcome { case reply(Draft), escalate(reason: String, priority: String, summary: String, next: String, lead: String) }

    private func charges(_ ctx: TurnContext) async -> [JSONValue]? {
        guard let id = ctx.memory.customerID else { return nil }
        return await ctx.call(.billing, "billing.list_charges", ["customer_id": .string(id)]).result?["charges"]?.arrayValue
    }

    private func remaining(_ c: JSONValue) -> Decimal {
        (c["amount"]?.decimalValue ?? 0) - (c["refunded"]?.decimalValue ?? 0)
    }

    private func overLimit(_ amount: Decimal) -> Bool { policies.refundLimit.map { amount > $0 } ?? false }

    func doubleCharge(_ ctx: TurnContext) async -> Outcome {
        if case .blocked(let d) = await account.identify(ctx) { return .reply(d) }
        if case .blocked(let d) = await account.verify(ctx, before: "billing.refund") { return .reply(d) }
        guard let list = await charges(ctx) else { return .reply(Draft("I'm sorry, I can't reach our billing system right now. Please try again shortly.")) }
        // Two succeeded charges for the same invoice and amount: the newer one is the duplicate.
        let succeeded = list.filter { $0["status"]?.stringValue == "succeeded" }
        var duplicate: JSONValue?
        for (i, c) in succeeded.enumerated() where remaining(c) > 0 {
            let twin = succeeded[(i + 1)...].contains {
                $0["invoice"] == c["invoice"] && $0["amount"]?.decimalValue == c["amount"]?.decimalValue && c["invoice"] != nil
            }
            if twin { duplicate = c; break }
        }
        guard let dup = duplicate, let chargeID = dup["id"]?.stringValue else {
            ctx.note(.billing, "no duplicate charge found")
            let latest = succeeded.first
            return .reply(Draft("I've checked your charges and I don't see a duplicate: there is one charge of \(Phrasing.money(latest?["amount"]?.decimalValue))"
                                + (latest?["invoice"]?.stringValue.map { " for \($0)" } ?? "") + (latest.map { " on \(Phrasing.date($0["created"]?.stringValue))" } ?? "") + ".",
                                "If your bank shows two, one may be a pending authorisation that drops off on its own."))
        }
        let amount = remaining(dup)
        if overLimit(amount) {
            return .escalate(reason: "refund_over_limit", priority: "normal",
                             summary: "Duplicate charge \(chargeID) of \(amount.moneyString) needs a refund above the \(policies.refundLimit!.moneyString) limit.",
                             next: "Approve and issue the refund of \(amount.moneyString) on \(chargeID)",
                             lead: "I found the duplicate charge of \(amount.moneyString) (\(chargeID)). Refunds of that size are approved by a billing specialist, so")
        }
        switch await ctx.call(.billing, "billing.refund", ["charge_id": .string(chargeID), "amount": .number(amount), "reason": "duplicate charge"]) {
        case .success:
            return .reply(Draft("You were right: \(chargeID) duplicated a charge for \(dup["invoice"]?.stringValue ?? "the same invoice").",
                                "I've refunded the duplicate \(amount.moneyString) to your original payment method."))
        case .failure:
            return .escalate(reason: "refund_failed", priority: "normal", summary: "Refund of duplicate charge \(chargeID) (\(amount.moneyString)) failed in billing.",
                             next: "Issue the refund manually", lead: "I found the duplicate charge but couldn't complete the refund, so")
        }
    }

    func refund(_ ctx: TurnContext, knowledge: KnowledgeAgent) async -> Outcome {
        if case .blocked(let d) = await account.identify(ctx) { return .reply(d) }
        let e = ctx.memory.entities
        var target: JSONValue?
        if let invoice = e.invoiceIDs.first {
            let inv = await ctx.call(.billing, "billing.get_invoice", ["invoice_id": .string(invoice)])
            target = inv.result?["charges"]?.arrayValue?.first { $0["status"]?.stringValue == "succeeded" }
            if inv.result == nil { return .reply(Draft("I couldn't find invoice \(invoice) on your account. Could you check the number?")) }
        } else {
            let list = await charges(ctx) ?? []
            if let id = e.chargeIDs.first {
                target = list.first { $0["id"]?.stringValue == id }
            } else {
                target = list.first { $0["status"]?.stringValue == "succeeded" && remaining($0) > 0 }
            }
        }
        guard let charge = target, let chargeID = charge["id"]?.stringValue else {
            return .reply(Draft("I couldn't find a payment to refund. Which invoice is it about? The invoice number would help."))
        }
        let amount = remaining(charge)
        guard amount > 0 else { return .reply(Draft("Charge \(chargeID) has already been refunded in full.")) }
        if overLimit(amount) {
            return .escalate(reason: "refund_over_limit", priority: "normal",
                             summary: "Refund of \(amount.moneyString) requested for \(chargeID) (\(charge["invoice"]?.stringValue ?? "no invoice")); above the \(policies.refundLimit!.moneyString) limit.",
                             next: "Review and approve the refund of \(amount.moneyString) on \(chargeID)",
                             lead: "A refund of \(amount.moneyString) needs a billing specialist's approval, so")
        }
        if let created = charge["created"]?.stringValue.flatMap(ISODate.parse),
            let window = await knowledge.refundWindow(ctx), ctx.now > ISODate.addDays(window.days, to: created)
        {
            ctx.note(.billing, "charge \(chargeID) is outside the \(window.days)-day refund window")
            ctx.citations.append("kb:\(window.article)")
            return .reply(Draft("The payment of \(amount.moneyString) (\(chargeID)) was taken on \(Phrasing.date(charge["created"]?.stringValue)), which is outside our refund window, so I can't refund it."
                                + " Our refund policy says: \(window.sentence)"))
        }
        if case .blocked(let d) = await account.verify(ctx, before: "billing.refund") { return .reply(d) }
        switch await ctx.call(.billing, "billing.refund", ["charge_id": .string(chargeID), "amount": .number(amount), "reason": "customer request"]) {
        case .success:
            return .reply(Draft("I've refunded \(amount.moneyString) for \(charge["invoice"]?.stringValue ?? chargeID) (charge \(chargeID)) to your original payment method."))
        case .failure:
            return .escalate(reason: "refund_failed", priority: "normal", summary: "Refund of \(amount.moneyString) on \(chargeID) failed in billing.",
                             next: "Issue the refund manually", lead: "I couldn't complete the refund, so")
        }
    }

    func invoice(_ ctx: TurnContext) async -> Draft {
        var invoice: JSONValue?
        // A payment named by its reference ("what was REF-1234 for?") is explained by its invoice.
        if ctx.memory.entities.invoiceIDs.isEmpty, let chargeID = ctx.memory.entities.chargeIDs.first {
            if case .blocked(let d) = await account.identify(ctx) { return d }
            guard let charge = await charges(ctx)?.first(where: { $0["id"]?.stringValue == chargeID }) else {
                return Draft("I couldn't find a payment \(chargeID) on your account. Could you check the reference?")
            }
            ctx.note(.billing, "payment \(chargeID) is for \(charge["invoice"]?.stringValue ?? "no invoice")")
            if let invoiceID = charge["invoice"]?.stringValue {
                invoice = await ctx.call(.billing, "billing.get_invoice", ["invoice_id": .string(invoiceID)]).result
            }
            guard invoice != nil else {
                return Draft("Payment \(chargeID) of \(Phrasing.money(charge["amount"]?.decimalValue)) was taken on \(Phrasing.date(charge["created"]?.stringValue)).")
            }
        } else if let id = ctx.memory.entities.invoiceIDs.first {
            invoice = await ctx.call(.billing, "billing.get_invoice", ["invoice_id": .string(id)]).result
            if invoice == nil { return Draft("I couldn't find invoice \(id). Could you check the number?") }
        } else {
            if case .blocked(let d) = await account.identify(ctx) { return d }
            invoice = await ctx.call(.billing, "billing.list_invoices", ["customer_id": .string(ctx.memory.customerID!)]).result?["invoices"]?.arrayValue?.first
        }
        guard let inv = invoice, let id = inv["id"]?.stringValue else { return Draft("I don't see any invoices on your account yet.") }
        var s = "Invoice \(id) is for \(Phrasing.money(inv["amount"]?.decimalValue))"
        if let issued = inv["issued"]?.stringValue { s += ", issued on \(Phrasing.date(issued))" }
        if let due = inv["due"]?.stringValue { s += " and due on \(Phrasing.date(due))" }
        s += "; its status is \(inv["status"]?.stringValue ?? "unknown")."
        var d = Draft(s)
        if let desc = inv["description"]?.stringValue { d.sentences.append("It covers: \(desc).") }
        d.sentences.append("You can download a copy from the Billing page of your account.")
        return d
    }

    func paymentFailed(_ ctx: TurnContext) async -> Draft {
        if case .blocked(let d) = await account.identify(ctx) { return d }
        guard let list = await charges(ctx) else { return Draft("I'm sorry, I can't reach our billing system right now.") }
        guard let failed = list.first(where: { $0["status"]?.stringValue == "failed" }) else {
            let latest = list.first
            return Draft("I don't see a failed payment on your account." + (latest.map { " Your latest payment of \(Phrasing.money($0["amount"]?.decimalValue)) on \(Phrasing.date($0["created"]?.stringValue)) went through." } ?? ""))
        }
        let reason = (failed["failure_reason"]?.stringValue ?? "declined by the bank").replacingOccurrences(of: "_", with: " ")
        var d = Draft("Your payment of \(Phrasing.money(failed["amount"]?.decimalValue)) on \(Phrasing.date(failed["created"]?.stringValue)) did not go through: \(reason).")
        let retried = list.first {
            $0["status"]?.stringValue == "succeeded" && $0["invoice"] == failed["invoice"] && failed["invoice"] != nil
                && ($0["created"]?.stringValue ?? "") > (failed["created"]?.stringValue ?? "")
        }
        if let ok = retried {
            d.sentences.append("It was retried successfully on \(Phrasing.date(ok["created"]?.stringValue)), so nothing is owed.")
        } else {
            d.sentences.append("Please check the card details in your account or use another card, and the payment will be retried.")
        }
        return d
    }

    func changePlan(_ ctx: TurnContext, message: String) async -> Draft {
        if case .blocked(let d) = await account.identify(ctx) { return d }
        let id = ctx.memory.customerID!
        guard let sub = await ctx.call(.billing, "billing.get_subscription", ["customer_id": .string(id)]).result else {
            return Draft("I couldn't find a subscription on your account.")
        }
        let currentID = sub["plan"]?.stringValue ?? ""
        let current = catalogue.plans.first { $0.id == currentID }
        let sameInterval = catalogue.plans.filter { $0.interval == (current?.interval ?? "month") && $0.id != currentID }
        var target = catalogue.plansNamed(in: ctx.memory.customerMessages.joined(separator: " ")).filter { $0.id != currentID }
            .sorted { ($0.interval == current?.interval ? 0 : 1) < ($1.interval == current?.interval ? 0 : 1) }.first
        if target == nil, let current {
            let lower = ctx.memory.customerMessages.joined(separator: " ").lowercased()
            if ["downgrade", "cheaper", "cheapest", "move me down", "lower plan"].contains(where: lower.contains) {
                target = sameInterval.filter { $0.price < current.price }.max { $0.price < $1.price }
            } else if ["upgrade", "bump me up", "faster plan", "more speed"].contains(where: lower.contains) {
                target = sameInterval.filter { $0.price > current.price }.min { $0.price < $1.price }
            }
        }
        guard let plan = target else {
            return Draft("Which plan would you like to move to? We offer " + catalogue.plans.filter { $0.interval == "month" }.map(\.name).joined(separator: ", ") + ".")
        }
        if case .blocked(let d) = await account.verify(ctx, before: "billing.change_plan") { return d }
        guard case .success = await ctx.call(.billing, "billing.change_plan", ["customer_id": .string(id), "plan_id": .string(plan.id)]) else {
            return Draft("I'm sorry, I couldn't change your plan just now. Please try again later.")
        }
        let now = await ctx.call(.billing, "billing.get_subscription", ["customer_id": .string(id)]).result
        let price = now?["plan_details"]?["price"]?.decimalValue
        return Draft("Done: your subscription \(sub["id"]?.stringValue ?? "") is now on the \(plan.name) plan"
                     + (price.map { " at \($0.moneyString) per \(plan.interval)" } ?? "") + ".")
    }

    func cancelSubscription(_ ctx: TurnContext) async -> Draft {
        if case .blocked(let d) = await account.identify(ctx) { return d }
        if case .blocked(let d) = await account.verify(ctx, before: "billing.cancel_subscription") { return d }
        let id = ctx.memory.customerID!
        switch await ctx.call(.billing, "billing.cancel_subscription", ["customer_id": .string(id)]) {
        case .success(let sub):
            let until = sub["renews_on"]?.stringValue.map { ", and it stays active until \(Phrasing.date($0))" } ?? ""
            return Draft("Your subscription \(sub["id"]?.stringValue ?? "") is cancelled\(until).", "You won't be charged again, and your account stays open.")
        case .failure(let e) where e.code == .conflict:
            return Draft("Your subscription is already cancelled, so there's nothing more to do.")
        case .failure:
            return Draft("I'm sorry, I couldn't cancel your subscription just now. Please try again later.")
        }
    }
}
