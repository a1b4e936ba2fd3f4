import Foundation

/// `modify_pending_order_items`: swaps items of a pending order for other variants of the same
/// products, charging or refunding the difference at once.
struct RetailModifyPendingOrderItems: TauTool {
    let name = "modify_pending_order_items"
    let className = "ModifyPendingOrderItems"
    let parameters = [PyParameter("order_id"), PyParameter("item_ids"), PyParameter("new_item_ids"), PyParameter("payment_method_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (orderID, itemIDs, newItemIDs, methodID) = (arguments[0], arguments[1], arguments[2], arguments[3])
        let products = try RetailPy.dict(RetailPy.item(data, "products"))

        guard var found = try RetailOrders.find(orderID, in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "pending") else { return "Error: non-pending order cannot be modified" }
        if let missing = try RetailOrders.firstMissingItem(itemIDs, in: found.order) {
            return "Error: \(PyText.str(missing)) not found"
        }
        guard try PyBuiltins.len(itemIDs) == PyBuiltins.len(newItemIDs) else {
            return "Error: the number of items to be exchanged should match"
        }
        // Unlike an exchange, the difference is not rounded: the recorded amount is the raw sum.
        let difference: PyValue
        switch try RetailOrders.priceSwap(itemIDs, for: newItemIDs, in: found.order, products: products) {
        case .refused(let answer): return answer
        case .difference(let d): difference = d
        }

        let (methodsPath, methods) = try RetailOrders.paymentMethods(of: found.order, in: data)
        guard let methodKey = try RetailPy.findKey(methodID, in: methods), let method = methods[methodKey] else {
            return "Error: payment method not found"
        }
        if try RetailOrders.giftCardFallsShort(method, of: difference) {
            return "Error: insufficient gift card balance to pay for the new item"
        }

        // From here on the order changes step by step, as upstream's does in place: a step
        // that fails leaves the earlier ones done.
        var items = try PyBuiltins.iterate(RetailPy.item(found.order, "items"))  // read fine just above
        do throws(TauToolError) {
            let history = try PyBuiltins.iterate(RetailPy.item(found.order, "payment_history"))
            found.order["payment_history"] = .list(history + [[
                "transaction_type": try RetailPy.greater(difference, 0) ? "payment" : "refund",
                "amount": try RetailPy.absolute(difference),
                "payment_method_id": methodID,
            ]])
            if RetailPy.equal(try RetailPy.item(method, "source"), "gift_card") {
                try RetailOrders.updateBalance(at: methodsPath + [methodKey], in: &data) { balance throws(TauToolError) in
                    try RetailPy.subtract(balance, difference, op: "-=")
                }
            }
            // Each swap takes the first item still carrying the old id, so repeated ids reach
            // successive items.
            for (itemID, newItemID) in zip(try PyBuiltins.iterate(itemIDs), try PyBuiltins.iterate(newItemIDs)) {
                let at = try RetailOrders.firstItemIndex(itemID, in: items)
                var item = try RetailPy.dict(items[at])
                item["item_id"] = newItemID
                items[at] = .dict(item)
                let variant = try RetailOrders.lookup(newItemID, in: RetailPy.dict(RetailPy.item(
                    RetailOrders.lookup(RetailPy.item(item, "product_id"), in: products), "variants")))
                item["price"] = try RetailPy.item(variant, "price")
                items[at] = .dict(item)
                item["options"] = try RetailPy.item(variant, "options")
                items[at] = .dict(item)
            }
            found.order["items"] = .list(items)
            found.order["status"] = "pending (item modified)"
        } catch {
            found.order["items"] = .list(items)
            RetailOrders.save(found, in: &data)
            throw error
        }
        RetailOrders.save(found, in: &data)
        return PyText.dumps(.dict(found.order))
    }
}
