import Foundation

/// Steps the order-changing retail tools share: finding the order, checking the items the
/// agent names, pricing a swap of items, and finding the customer's payment method.
enum RetailOrders {
    struct Found {
        /// The order's key in the `orders` table, as stored.
        var key: String
        var order: PyDict
    }

    /// The order with the agent's id, or nil (the tool then answers `Error: order not found`).
    static func find(_ orderID: PyValue, in data: PyDict) throws(TauToolError) -> Found? {
        let orders = try RetailPy.dict(RetailPy.item(data, "orders"))
        guard let key = try RetailPy.findKey(orderID, in: orders), let order = orders[key] else { return nil }
        return Found(key: key, order: try RetailPy.dict(order))
    }

    /// Writes a changed order back into its table.
    static func save(_ found: Found, in data: inout PyDict) {
        RetailPy.store(.dict(found.order), at: ["orders", found.key], in: &data)
    }

    static func hasStatus(_ order: PyDict, _ status: String) throws(TauToolError) -> Bool {
        RetailPy.equal(try RetailPy.item(order, "status"), .string(status))
    }

    /// `d[key]` for a key that is any value: `KeyError` with the key's repr when absent.
    static func lookup(_ key: PyValue, in dict: PyDict) throws(TauToolError) -> PyValue {
        guard let stored = try RetailPy.findKey(key, in: dict), let value = dict[stored] else { throw keyError(key) }
        return value
    }

    /// Python's `str(KeyError(key))`.
    static func keyError(_ key: PyValue) -> TauToolError {
        if case .string(let s) = key { return .keyError(s) }
        return TauToolError(PyText.repr(key))
    }

    /// The first of the agent's item ids that the order holds fewer times than the list names
    /// it (duplicates are allowed, each needing an item of its own), or nil when all are there.
    static func firstMissingItem(_ itemIDs: PyValue, in order: PyDict) throws(TauToolError) -> PyValue? {
        var orderItemIDs: [PyValue] = []
        for item in try PyBuiltins.iterate(RetailPy.item(order, "items")) {
            orderItemIDs.append(try RetailPy.item(item, "item_id"))
        }
        for itemID in try PyBuiltins.iterate(itemIDs) {
            let asked = try RetailPy.countOwn(itemID, in: itemIDs)
            let held = orderItemIDs.reduce(0) { $0 + (RetailPy.equal($1, itemID) ? 1 : 0) }
            if asked > held { return itemID }
        }
        return nil
    }

    /// The index, in the order's items, of the first item with this id.
    static func firstItemIndex(_ itemID: PyValue, in items: [PyValue]) throws(TauToolError) -> Int {
        var first: Int?
        for (index, item) in items.enumerated() where RetailPy.equal(try RetailPy.item(item, "item_id"), itemID) {
            if first == nil { first = index }
        }
        guard let first else { throw TauToolError("list index out of range") }
        return first
    }

    /// The outcome of pricing a swap of items for variants of the same products.
    enum Pricing {
        /// The new prices minus the old, summed in list order (Python's int 0 plus floats).
        case difference(PyValue)
        /// The tool's answer when a new item is unknown or unavailable.
        case refused(String)
    }

    /// Checks that each new item is an available variant of the old item's product and sums the
    /// price difference. The lists have the same length (the tools check that first).
    static func priceSwap(_ itemIDs: PyValue, for newItemIDs: PyValue, in order: PyDict, products: PyDict) throws(TauToolError) -> Pricing {
        let items = try PyBuiltins.iterate(RetailPy.item(order, "items"))
        var difference: PyValue = .int(0)
        for (itemID, newItemID) in zip(try PyBuiltins.iterate(itemIDs), try PyBuiltins.iterate(newItemIDs)) {
            let item = items[try firstItemIndex(itemID, in: items)]
            let product = try lookup(RetailPy.item(item, "product_id"), in: products)
            let variants = try RetailPy.dict(RetailPy.item(product, "variants"))
            guard let variantKey = try RetailPy.findKey(newItemID, in: variants), let variant = variants[variantKey],
                  try RetailPy.item(variant, "available").isTruthy
            else {
                return .refused("Error: new item \(PyText.str(newItemID)) not found or available")
            }
            let oldPrice = try RetailPy.item(item, "price")
            let newPrice = try RetailPy.item(variant, "price")
            difference = try RetailPy.add(difference, RetailPy.subtract(newPrice, oldPrice), op: "+=")
        }
        return .difference(difference)
    }

    /// The customer's payment methods, with the path to them in the database.
    static func paymentMethods(of order: PyDict, in data: PyDict) throws(TauToolError) -> (path: [String], methods: PyDict) {
        let users = try RetailPy.dict(RetailPy.item(data, "users"))
        let userID = try RetailPy.item(order, "user_id")
        guard let userKey = try RetailPy.findKey(userID, in: users), let user = users[userKey] else { throw keyError(userID) }
        return (["users", userKey, "payment_methods"], try RetailPy.dict(RetailPy.item(user, "payment_methods")))
    }

    /// Whether a payment method is a gift card whose balance is below `amount`.
    static func giftCardFallsShort(_ method: PyValue, of amount: PyValue) throws(TauToolError) -> Bool {
        guard RetailPy.equal(try RetailPy.item(method, "source"), "gift_card") else { return false }
        return try RetailPy.less(RetailPy.item(method, "balance"), amount)
    }

    /// Sets a gift card's balance to `round(update(balance), 2)` in the database.
    static func updateBalance(at methodPath: [String], in data: inout PyDict,
                              _ update: (PyValue) throws(TauToolError) -> PyValue) throws(TauToolError) {
        let balance = try RetailPy.value(at: methodPath + ["balance"], in: data)
        RetailPy.store(try RetailPy.round2(update(balance)), at: methodPath + ["balance"], in: &data)
    }
}
