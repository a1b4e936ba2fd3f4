import Foundation

/// `cancel_pending_order`: cancels a pending order for one of the two accepted reasons and
/// refunds every entry of its payment history, crediting gift cards at once.
struct RetailCancelPendingOrder: TauTool {
    let name = "cancel_pending_order"
    let className = "CancelPendingOrder"
    let parameters = [PyParameter("order_id"), PyParameter("reason")]

    static let reasons: [PyValue] = ["no longer needed", "ordered by mistake"]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (orderID, reason) = (arguments[0], arguments[1])
        guard var found = try RetailOrders.find(orderID, in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "pending") else { return "Error: non-pending order cannot be cancelled" }
        guard Self.reasons.contains(where: { RetailPy.equal($0, reason) }) else { return "Error: invalid reason" }

        // Every history entry is refunded, refunds included (an order whose payment method was
        // changed holds one). Gift cards are credited as the loop goes, so a failure halfway
        // leaves the earlier credits in place, as upstream.
        var refunds: [PyValue] = []
        for payment in try PyBuiltins.iterate(RetailPy.item(found.order, "payment_history")) {
            let methodID = try RetailPy.item(payment, "payment_method_id")
            let amount = try RetailPy.item(payment, "amount")
            refunds.append(["transaction_type": "refund", "amount": amount, "payment_method_id": methodID])
            guard case .string(let methodKey) = methodID, PyBuiltins.textContains(methodKey, "gift_card") else { continue }
            let (path, methods) = try RetailOrders.paymentMethods(of: found.order, in: data)
            guard let stored = RetailPy.storedKey(methodKey, in: methods) else { throw TauToolError.keyError(methodKey) }
            try RetailOrders.updateBalance(at: path + [stored], in: &data) { balance throws(TauToolError) in
                try RetailPy.add(balance, amount, op: "+=")
            }
        }

        found.order["status"] = "cancelled"
        found.order["cancel_reason"] = reason
        found.order["payment_history"] = .list(try PyBuiltins.iterate(RetailPy.item(found.order, "payment_history")) + refunds)
        RetailOrders.save(found, in: &data)
        return PyText.dumps(.dict(found.order))
    }
}
