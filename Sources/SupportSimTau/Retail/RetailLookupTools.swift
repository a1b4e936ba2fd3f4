import Foundation

// The read-only retail tools: finding a user, and showing an order, a product, a user or the
// catalogue. None of them changes the database.

/// `find_user_id_by_email`: the first user whose email matches, ignoring case.
struct RetailFindUserIdByEmail: TauTool {
    let name = "find_user_id_by_email"
    let className = "FindUserIdByEmail"
    let parameters = [PyParameter("email")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let users = try RetailPy.dict(RetailPy.item(data, "users"))
        for (userID, profile) in users {
            // The stored email is lowered first, then the argument (which may not be a string).
            let stored = try RetailPy.lower(RetailPy.item(profile, "email"))
            if PyBuiltins.sameText(stored, try RetailPy.lower(arguments[0])) { return userID }
        }
        return "Error: user not found"
    }
}

/// `find_user_id_by_name_zip`: the first user with that first and last name (ignoring case)
/// and exactly that zip code.
struct RetailFindUserIdByNameZip: TauTool {
    let name = "find_user_id_by_name_zip"
    let className = "FindUserIdByNameZip"
    let parameters = [PyParameter("first_name"), PyParameter("last_name"), PyParameter("zip")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let (firstName, lastName, zip) = (arguments[0], arguments[1], arguments[2])
        let users = try RetailPy.dict(RetailPy.item(data, "users"))
        for (userID, profile) in users {
            // Python's `and` stops at the first false test, so a bad last name or zip only
            // fails once a first name has matched.
            let name = try RetailPy.item(profile, "name")
            guard PyBuiltins.sameText(try RetailPy.lower(RetailPy.item(name, "first_name")), try RetailPy.lower(firstName)) else { continue }
            guard PyBuiltins.sameText(try RetailPy.lower(RetailPy.item(name, "last_name")), try RetailPy.lower(lastName)) else { continue }
            let address = try RetailPy.item(profile, "address")
            if RetailPy.equal(try RetailPy.item(address, "zip"), zip) { return userID }
        }
        return "Error: user not found"
    }
}

/// The shape shared by `get_order_details`, `get_product_details` and `get_user_details`: one
/// table's record as JSON, or a not-found message.
private func recordDetails(_ data: PyDict, table: String, key: PyValue, missing: String) throws(TauToolError) -> String {
    let records = try RetailPy.dict(RetailPy.item(data, table))
    guard let stored = try RetailPy.findKey(key, in: records), let record = records[stored] else {
        return "Error: \(missing) not found"
    }
    return PyText.dumps(record)
}

/// `get_order_details`.
struct RetailGetOrderDetails: TauTool {
    let name = "get_order_details"
    let className = "GetOrderDetails"
    let parameters = [PyParameter("order_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        try recordDetails(data, table: "orders", key: arguments[0], missing: "order")
    }
}

/// `get_product_details`.
struct RetailGetProductDetails: TauTool {
    let name = "get_product_details"
    let className = "GetProductDetails"
    let parameters = [PyParameter("product_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        try recordDetails(data, table: "products", key: arguments[0], missing: "product")
    }
}

/// `get_user_details`.
struct RetailGetUserDetails: TauTool {
    let name = "get_user_details"
    let className = "GetUserDetails"
    let parameters = [PyParameter("user_id")]

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        try recordDetails(data, table: "users", key: arguments[0], missing: "user")
    }
}

/// `list_all_product_types`: product name to product id, sorted by name.
struct RetailListAllProductTypes: TauTool {
    let name = "list_all_product_types"
    let className = "ListAllProductTypes"
    let parameters: [PyParameter] = []

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let products = try RetailPy.dict(RetailPy.item(data, "products"))
        // A later product of the same name replaces the earlier one's id, as in a dict display.
        var byName: [(name: String, id: PyValue)] = []
        for (_, product) in products {
            let nameValue = try RetailPy.item(product, "name")
            let id = try RetailPy.item(product, "product_id")
            guard case .string(let productName) = nameValue else {
                // Sorting would compare it with the string names (tau's names are all strings).
                throw TauToolError("'<' not supported between instances of '\(PyBuiltins.typeName(nameValue))' and 'str'")
            }
            if let at = byName.firstIndex(where: { PyBuiltins.sameText($0.name, productName) }) {
                byName[at].id = id
            } else {
                byName.append((productName, id))
            }
        }
        byName.sort { RetailPy.textPrecedes($0.name, $1.name) }
        return PyText.dumps(.dict(PyDict(byName.map { ($0.name, $0.id) })))
    }
}
