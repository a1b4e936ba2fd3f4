import Foundation

// The tools for a delivered order: an exchange or a return is only requested here (the order's
// status says so); no money moves until it is carried out, outside tau-bench.

/// `exchange_delivered_order_items`: requests an exchange of delivered items for other variants
/// of the same products, the price difference (rounded to cents) going to one payment method.
struct RetailExchangeDeliveredOrderItems: TauTool {
    let name = "exchange_delivered_order_items"
    let className = "ExchangeDeliveredOrderItems"
    let parameters = [PyParameter("order_id"), PyParameter("item_ids"), PyParameter("new_item_ids"), PyParameter("payment_method_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (orderID, itemIDs, newItemIDs, methodID) = (arguments[0], arguments[1], arguments[2], arguments[3])
        let products = try RetailPy.dict(RetailPy.item(data, "products"))

        guard var found = try RetailOrders.find(orderID, in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "delivered") else { return "Error: non-delivered order cannot be exchanged" }
        if let missing = try RetailOrders.firstMissingItem(itemIDs, in: found.order) {
            return "Error: \(PyText.str(missing)) not found"
        }
        guard try PyBuiltins.len(itemIDs) == PyBuiltins.len(newItemIDs) else {
            return "Error: the number of items to be exchanged should match"
        }
        let difference: PyValue
        switch try RetailOrders.priceSwap(itemIDs, for: newItemIDs, in: found.order, products: products) {
        case .refused(let answer): return answer
        case .difference(let d): difference = try RetailPy.round2(d)
        }

        let (_, methods) = try RetailOrders.paymentMethods(of: found.order, in: data)
        guard let methodKey = try RetailPy.findKey(methodID, in: methods), let method = methods[methodKey] else {
            return "Error: payment method not found"
        }
        if try RetailOrders.giftCardFallsShort(method, of: difference) {
            return "Error: insufficient gift card balance to pay for the price difference"
        }

        found.order["status"] = "exchange requested"
        found.order["exchange_items"] = try RetailPy.sortedStrings(itemIDs)
        found.order["exchange_new_items"] = try RetailPy.sortedStrings(newItemIDs)
        found.order["exchange_payment_method_id"] = methodID
        found.order["exchange_price_difference"] = difference
        RetailOrders.save(found, in: &data)
        return PyText.dumps(.dict(found.order))
    }
}

/// `return_delivered_order_items`: requests a return of delivered items, refunded to the
/// original payment method or to a gift card.
struct RetailReturnDeliveredOrderItems: TauTool {
    let name = "return_delivered_order_items"
    let className = "ReturnDeliveredOrderItems"
    let parameters = [PyParameter("order_id"), PyParameter("item_ids"), PyParameter("payment_method_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (orderID, itemIDs, methodID) = (arguments[0], arguments[1], arguments[2])
        guard var found = try RetailOrders.find(orderID, in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "delivered") else { return "Error: non-delivered order cannot be returned" }

        // Unlike the other tools, the payment method is checked before the items.
        let (_, methods) = try RetailOrders.paymentMethods(of: found.order, in: data)
        guard try RetailPy.findKey(methodID, in: methods) != nil, case .string(let methodText) = methodID else {
            return "Error: payment method not found"
        }
        if !PyBuiltins.textContains(methodText, "gift_card") {
            let original = try RetailPy.element(RetailPy.item(found.order, "payment_history"), 0)
            if !RetailPy.equal(methodID, try RetailPy.item(original, "payment_method_id")) {
                return "Error: payment method should be either the original payment method or a gift card"
            }
        }
        if try RetailOrders.firstMissingItem(itemIDs, in: found.order) != nil {
            return "Error: some item not found"
        }

        found.order["status"] = "return requested"
        found.order["return_items"] = try RetailPy.sortedStrings(itemIDs)
        found.order["return_payment_method_id"] = methodID
        RetailOrders.save(found, in: &data)
        return PyText.dumps(.dict(found.order))
    }
}
