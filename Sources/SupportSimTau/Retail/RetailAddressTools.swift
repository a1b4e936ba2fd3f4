import Foundation

/// The address fields both address tools take, in upstream order; the new address dict keeps
/// this order too (it replaces the old one, whose keys ran `country` before `state`).
private let addressFields = ["address1", "address2", "city", "state", "country", "zip"]

private func address(from arguments: ArraySlice<PyValue>) -> PyValue {
    .dict(PyDict(Array(zip(addressFields, arguments))))
}

/// `modify_pending_order_address`: replaces a pending order's shipping address.
struct RetailModifyPendingOrderAddress: TauTool {
    let name = "modify_pending_order_address"
    let className = "ModifyPendingOrderAddress"
    let parameters = [PyParameter("order_id")] + addressFields.map { PyParameter($0) }

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        guard var found = try RetailOrders.find(arguments[0], in: data) else { return "Error: order not found" }
        guard try RetailOrders.hasStatus(found.order, "pending") else { return "Error: non-pending order cannot be modified" }
        found.order["address"] = address(from: arguments.dropFirst())
        RetailOrders.save(found, in: &data)
        return PyText.dumps(.dict(found.order))
    }
}

/// `modify_user_address`: replaces a user's default address.
struct RetailModifyUserAddress: TauTool {
    let name = "modify_user_address"
    let className = "ModifyUserAddress"
    let parameters = [PyParameter("user_id")] + addressFields.map { PyParameter($0) }

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let users = try RetailPy.dict(RetailPy.item(data, "users"))
        guard let key = try RetailPy.findKey(arguments[0], in: users), let stored = users[key] else {
            return "Error: user not found"
        }
        var user = try RetailPy.dict(stored)
        user["address"] = address(from: arguments.dropFirst())
        RetailPy.store(.dict(user), at: ["users", key], in: &data)
        return PyText.dumps(.dict(user))
    }
}
