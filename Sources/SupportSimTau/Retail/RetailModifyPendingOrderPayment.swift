import Foundation

/// `modify_pending_order_payment`: moves a pending order's single payment to another of the
/// customer's payment methods, recording a new payment and a refund of the old one.
struct RetailModifyPendingOrderPayment: TauTool {
    let name = "modify_pending_order_payment"
    let className = "ModifyPendingOrderPayment"
    let parameters = [PyParameter("order_id"), PyParameter("payment_method_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (orderID, methodID) = (arguments[0], arguments[1])
        guard var found = try RetailOrders.find(orderID, in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "pending") else { return "Error: non-pending order cannot be modified" }

        let (methodsPath, methods) = try RetailOrders.paymentMethods(of: found.order, in: data)
        guard let newKey = try RetailPy.findKey(methodID, in: methods), let newMethod = methods[newKey] else {
            return "Error: payment method not found"
        }

        let history = try RetailPy.item(found.order, "payment_history")
        // (`||` would hide the typed error in an autoclosure, hence two tests.)
        let onePayment = "Error: there should be exactly one payment for a pending order"
        if try PyBuiltins.len(history) > 1 { return onePayment }
        if !RetailPy.equal(try RetailPy.item(RetailPy.element(history, 0), "transaction_type"), "payment") { return onePayment }
        let original = try RetailPy.element(history, 0)
        let oldMethodID = try RetailPy.item(original, "payment_method_id")
        if RetailPy.equal(oldMethodID, methodID) {
            return "Error: the new payment method should be different from the current one"
        }
        let amount = try RetailPy.item(original, "amount")
        if try RetailOrders.giftCardFallsShort(newMethod, of: amount) {
            return "Error: insufficient gift card balance to pay for the order"
        }

        // The history grows first and stays grown even if a balance update below fails.
        found.order["payment_history"] = .list(try PyBuiltins.iterate(history) + [
            ["transaction_type": "payment", "amount": amount, "payment_method_id": methodID],
            ["transaction_type": "refund", "amount": amount, "payment_method_id": oldMethodID],
        ])
        RetailOrders.save(found, in: &data)

        if RetailPy.equal(try RetailPy.item(newMethod, "source"), "gift_card") {
            try RetailOrders.updateBalance(at: methodsPath + [newKey], in: &data) { balance throws(TauToolError) in
                try RetailPy.subtract(balance, amount, op: "-=")
            }
        }
        if case .string(let oldKey) = oldMethodID, PyBuiltins.textContains(oldKey, "gift_card") {
            let methodsNow = try RetailPy.dict(RetailPy.value(at: methodsPath, in: data))
            guard let stored = RetailPy.storedKey(oldKey, in: methodsNow) else { throw TauToolError.keyError(oldKey) }
            try RetailOrders.updateBalance(at: methodsPath + [stored], in: &data) { balance throws(TauToolError) in
                try RetailPy.add(balance, amount, op: "+=")
            }
        }
        return PyText.dumps(.dict(found.order))
    }
}
