import Foundation
import SupportSimCore

/// Subscriptions, invoices, charges, refunds and credits.
enum BillingOperations {
    static func subscription(of customer: String, _ ctx: OperationContext) throws(ToolError) -> Record {
        let subs = ctx.records("subscriptions", customer: customer)
        guard let sub = subs.first(where: { $0["status"]?.stringValue != "cancelled" }) ?? subs.first else {
            throw ToolError(.notFound, "customer \(customer) has no subscription")
        }
        return sub
    }

    static func register(_ h: inout [String: Operations.Handler]) {
        h["billing.get_subscription"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            var sub = try subscription(of: customer, ctx)
            if let plan = sub["plan"]?.stringValue, let p = ctx.world["plans"].record(id: plan) { sub["plan_details"] = .object(p) }
            return .object(sub)
        }
        h["billing.list_invoices"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            return ["invoices": .array(Operations.sortedDescending(ctx.records("invoices", customer: customer), by: "issued").map { .object($0) })]
        }
        h["billing.get_invoice"] = { args, ctx in
            let id = args.required("invoice_id")
            var invoice = try ctx.record("invoices", id, kind: "invoice")
            let charges = ctx.world["charges"].records.filter { $0["invoice"]?.stringValue == id }
            invoice["charges"] = .array(Operations.sortedDescending(charges, by: "created").map { .object($0) })
            return .object(invoice)
        }
        h["billing.list_charges"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            return ["charges": .array(Operations.sortedDescending(ctx.records("charges", customer: customer), by: "created").map { .object($0) })]
        }
        h["billing.refund"] = { args, ctx in
            let chargeID = args.required("charge_id")
            let charge = try ctx.record("charges", chargeID, kind: "charge")
            let amount = try Operations.positive(args.decimal("amount"))
            if let status = charge["status"]?.stringValue, status != "succeeded" {
                throw ToolError(.conflict, "charge \(chargeID) is \(status); only succeeded charges can be refunded")
            }
            let charged = charge["amount"]?.decimalValue ?? 0
            let refunded = charge["refunded"]?.decimalValue ?? 0
            let left = charged - refunded
            if amount > left {
                throw ToolError(.conflict, "cannot refund \(amount.moneyString) on charge \(chargeID): only \(left.moneyString) of \(charged.moneyString) is left to refund")
            }
            ctx.world["charges"].update(id: chargeID) { $0["refunded"] = .number(refunded + amount) }
            let id = ctx.nextID("refunds", prefix: "RF-", start: 1)
            ctx.world["refunds"].upsert(["id": .string(id), "charge": .string(chargeID), "amount": .number(amount),
                                         "reason": .string(args.required("reason")), "status": "succeeded",
                                         "created": ctx.nowText])
            return ["refund_id": .string(id), "charge_id": .string(chargeID), "amount": .number(amount), "status": "succeeded"]
        }
        h["billing.change_plan"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            let planID = args.required("plan_id")
            _ = try ctx.record("plans", planID, kind: "plan")
            let sub = try subscription(of: customer, ctx)
            let subID = sub["id"]?.stringValue ?? ""
            if sub["status"]?.stringValue == "cancelled" { throw ToolError(.conflict, "subscription \(subID) is cancelled") }
            if sub["plan"]?.stringValue == planID { throw ToolError(.conflict, "subscription \(subID) is already on \(planID)") }
            ctx.world["subscriptions"].update(id: subID) { $0["plan"] = .string(planID) }
            return .object(ctx.world["subscriptions"].record(id: subID) ?? [:])
        }
        h["billing.cancel_subscription"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            let sub = try subscription(of: customer, ctx)
            let subID = sub["id"]?.stringValue ?? ""
            if sub["status"]?.stringValue == "cancelled" { throw ToolError(.conflict, "subscription \(subID) is already cancelled") }
            let atPeriodEnd = args.bool("at_period_end") ?? true
            ctx.world["subscriptions"].update(id: subID) { s in
                if atPeriodEnd { s["cancel_at_period_end"] = true } else { s["status"] = "cancelled" }
            }
            return .object(ctx.world["subscriptions"].record(id: subID) ?? [:])
        }
        h["billing.apply_credit"] = { args, ctx in
            let customer = args.required("customer_id")
            _ = try ctx.requireCustomer(customer)
            let amount = try Operations.positive(args.decimal("amount"))
            let id = ctx.nextID("credits", prefix: "CR-", start: 1)
            ctx.world["credits"].upsert(["id": .string(id), "customer": .string(customer), "amount": .number(amount),
                                         "reason": .string(args.required("reason")), "created": ctx.nowText])
            return ["credit_id": .string(id), "amount": .number(amount)]
        }
    }
}
