import Foundation
import SupportSimCore

/// The orders agent: status, cancellation, returns, problems and stock.
struct OrdersAgent {
    let account: AccountAgent
    let catalogue: Catalogue
    static let returnWindowDays = 30

    /// The order the customer means: the one they named, else their most recent one. Either way
    /// the customer is identified first, and an order that is not theirs is not disclosed: an
    /// anonymous visitor naming someone else's order number learns nothing about it.
    private func order(_ ctx: TurnContext) async -> (JSONValue?, Draft?) {
        if let id = ctx.memory.entities.orderIDs.first {
            if case .blocked(let d) = await account.identify(ctx) { return (nil, d) }
            let r = await ctx.call(.orders, "orders.get_order", ["order_id": .string(id)])
            if let o = r.result {
                if let owner = o["customer"]?.stringValue, owner != ctx.memory.customerID {
                    ctx.note(.orders, "order \(id) belongs to another customer: not disclosed")
                    return (nil, Draft("I can only share details of orders on your own account, and I can't find \(id) there. Could you check the number?"))
                }
                return (o, nil)
            }
            if case .failure(let e) = r, e.code == .notFound { return (nil, Draft("I couldn't find order \(id). Could you check the number?")) }
            return (nil, Draft("I'm sorry, I can't reach our order system right now. Please try again shortly."))
        }
        if case .blocked(let d) = await account.identify(ctx) { return (nil, d) }
        let list = await ctx.call(.orders, "orders.list_orders", ["customer_id": .string(ctx.memory.customerID!)]).result?["orders"]?.arrayValue ?? []
        guard let latest = list.first(where: { $0["status"]?.stringValue != "cancelled" }) ?? list.first else {
            return (nil, Draft("I don't see any orders on your account."))
        }
        ctx.note(.orders, "no order named: using the most recent, \(latest["id"]?.stringValue ?? "?")")
        return (latest, nil)
    }

    func status(_ ctx: TurnContext) async -> Draft {
        let (o, problem) = await order(ctx)
        guard let o, let id = o["id"]?.stringValue else { return problem! }
        let status = o["status"]?.stringValue ?? "unknown"
        switch status {
        case "shipped", "delivered":
            guard let t = await ctx.call(.orders, "orders.track_shipment", ["order_id": .string(id)]).result else {
                return Draft("Order \(id) is \(status), but I can't reach the carrier's tracking right now.")
            }
            let carrier = t["carrier"]?.stringValue ?? "the carrier"
            let tracking = t["tracking"]?.stringValue ?? ""
            if ctx.memory.identifiedByClaim && !ctx.memory.verified {
                // Anyone can type an e-mail address: a tracking number leads to the customer's door.
                ctx.note(.orders, "visitor identified by e-mail only: tracking number withheld")
                let when = status == "delivered" || t["status"]?.stringValue == "delivered"
                    ? "was delivered by \(carrier) on \(Phrasing.date(o["delivered"]?.stringValue ?? t["eta"]?.stringValue))"
                    : "is on its way with \(carrier), expected on \(Phrasing.date(t["eta"]?.stringValue))"
                return Draft("Order \(id) \(when).",
                             "For your security I only share tracking numbers with the account holder: it is in the shipping confirmation we sent when the order left.")
            }
            if status == "delivered" || t["status"]?.stringValue == "delivered" {
                let when = o["delivered"]?.stringValue ?? t["eta"]?.stringValue
                return Draft("Order \(id) was delivered by \(carrier) on \(Phrasing.date(when)) (tracking \(tracking)).")
            }
            return Draft("Order \(id) is on its way with \(carrier): tracking number \(tracking), expected on \(Phrasing.date(t["eta"]?.stringValue)).")
        case "pending", "processing":
            return Draft("Order \(id) is \(status) and hasn't shipped yet; you'll get a tracking number by email as soon as it does.")
        default:
            return Draft("Order \(id) is \(status).")
        }
    }

    func cancel(_ ctx: TurnContext) async -> Draft {
        let (o, problem) = await order(ctx)
        guard let o, let id = o["id"]?.stringValue else { return problem! }
        let status = o["status"]?.stringValue ?? ""
        guard status == "pending" || status == "processing" else {
            ctx.note(.orders, "order \(id) is \(status): it cannot be cancelled")
            if status == "shipped" || status == "delivered" {
                return Draft("Order \(id) has already \(status == "shipped" ? "shipped" : "been delivered"), so it can no longer be cancelled.",
                             "Once you have it, you can return it instead and I'll help you with the return.")
            }
            return Draft("Order \(id) is \(status), so there is nothing to cancel.")
        }
        switch await ctx.call(.orders, "orders.cancel_order", ["order_id": .string(id), "reason": "customer request"]) {
        case .success: return Draft("Order \(id) is cancelled. You won't be charged for it.")
        case .failure: return Draft("I'm sorry, I couldn't cancel order \(id) just now. Please try again shortly.")
        }
    }

    func returnItems(_ ctx: TurnContext, knowledge: KnowledgeAgent) async -> Draft {
        let (o, problem) = await order(ctx)
        guard let o, let id = o["id"]?.stringValue else { return problem! }
        let status = o["status"]?.stringValue ?? ""
        guard status == "delivered" else {
            return Draft("Order \(id) is \(status), so it can't be returned yet; returns open once an order is delivered.")
        }
        let deliveredText = o["delivered"]?.stringValue ?? o["shipment"]?["eta"]?.stringValue
        if let delivered = deliveredText.flatMap(ISODate.parse), ctx.now > ISODate.addDays(Self.returnWindowDays + 1, to: delivered) {
            ctx.note(.orders, "order \(id) is past the return window")
            let rule = await knowledge.quote(ctx, query: "return policy window days", containing: "30")
            return Draft("Order \(id) was delivered on \(Phrasing.date(deliveredText)), which is outside our 30-day return window, so I can't open a return."
                         + (rule.map { " As our returns policy puts it: \($0)" } ?? ""))
        }
        let items = (o["items"]?.arrayValue ?? []).compactMap { $0["sku"]?.stringValue }
        let named = items.filter { ctx.memory.entities.skus.contains($0) }
        let chosen = named.isEmpty ? items : named
        switch await ctx.call(.orders, "orders.create_return", ["order_id": .string(id), "items": .array(chosen.map { .string($0) }),
                                                               "reason": "customer request"]) {
        case .success(let r):
            return Draft("I've opened return \(r["return_id"]?.stringValue ?? "") for order \(id).",
                         "Print your prepaid label here: \(r["label_url"]?.stringValue ?? "") and drop the parcel at any carrier point.")
        case .failure(let e):
            return Draft("I couldn't open a return for order \(id): \(e.message).")
        }
    }

    func problem(_ ctx: TurnContext, message: String) async -> Draft {
        let (o, issue) = await order(ctx)
        let id = o?["id"]?.stringValue
        guard let customer = ctx.memory.customerID else { return issue ?? Draft(Phrasing.askEmail, question: .email) }
        let lower = message.lowercased()
        let kind = lower.contains("wrong") ? "Wrong item" : (lower.contains("missing") || lower.contains("never arrived")) ? "Missing item" : "Damaged item"
        let subject = "\(kind) in \(id ?? "a recent order")"
        let r = await ctx.call(.tickets, "tickets.create", [
            "customer_id": .string(customer), "subject": .string(subject), "description": .string(message),
            "priority": "high", "category": "order_problem",
        ])
        guard let ticket = r.result?["id"]?.stringValue else {
            return Draft("I'm so sorry about this. I couldn't open a case just now; please try again shortly.")
        }
        return Draft("I'm so sorry about the \(kind.lowercased())\(id.map { " in order \($0)" } ?? "").",
                     "I've opened case \(ticket) with high priority, and our team will arrange a replacement or a refund.")
    }

    func availability(_ ctx: TurnContext, message: String, knowledge: KnowledgeAgent) async -> Draft {
        var sku = ctx.memory.entities.skus.first ?? catalogue.product(in: message)?.sku
        if sku == nil {
            // The knowledge base names products' SKUs: look the product up there.
            if let top = await ctx.call(.knowledge, "kb.search", ["query": .string(message), "limit": 1]).result?["articles"]?.arrayValue?.first,
                let id = top["id"]?.stringValue,
                let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue
            {
                sku = EntityExtractor.extract(body).skus.first
            }
        }
        guard let sku else { return Draft("Which product do you mean? The product code (for example KB-200) would help me check.") }
        switch await ctx.call(.orders, "orders.check_stock", ["sku": .string(sku)]) {
        case .success(let r):
            let name = r["name"]?.stringValue ?? sku
            let stock = r["stock"]?.intValue ?? 0
            return stock > 0
                ? Draft("Good news: the \(name) (\(sku)) is in stock, with \(stock) available.")
                : Draft("The \(name) (\(sku)) is out of stock at the moment.", "You can sign up on its product page to get an email when it's back.")
        case .failure(let e) where e.code == .notFound:
            return Draft("I couldn't find a product with the code \(sku).")
        case .failure:
            return Draft("I can't check stock right now; please try again shortly.")
        }
    }
}
