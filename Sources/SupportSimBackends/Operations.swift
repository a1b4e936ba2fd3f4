import Foundation
import SupportSimCore

/// What an operation sees: the conversation's world (to read and change) and the virtual time.
struct OperationContext {
    var world: World
    var now: Date
    var handoff: Handoff?

    func record(_ collection: String, _ id: String, kind: String) throws(ToolError) -> Record {
        guard let r = world[collection].record(id: id) else {
            throw ToolError(.notFound, "no \(kind) with id \"\(id)\"")
        }
        return r
    }

    func records(_ collection: String, customer: String) -> [Record] {
        world[collection].records(customer: customer)
    }

    func requireCustomer(_ id: String) throws(ToolError) -> Record {
        try record("customers", id, kind: "customer")
    }

    /// The next id for a new record: one more than the highest numbered id of the collection.
    func nextID(_ collection: String, prefix: String, start: Int) -> String {
        var highest = start - 1
        for r in world[collection].records {
            guard let id = r["id"]?.stringValue, id.hasPrefix(prefix), let n = Int(id.dropFirst(prefix.count)) else { continue }
            highest = max(highest, n)
        }
        return prefix + String(highest + 1)
    }

    var nowText: JSONValue { .string(ISODate.formatDateTime(now)) }
    var today: JSONValue { .string(ISODate.formatDay(now)) }
}

/// The mock systems' operations (tools.md), as pure functions of the context.
enum Operations {
    typealias Handler = @Sendable (Arguments, inout OperationContext) throws -> JSONValue

    static let handlers: [String: Handler] = {
        var h: [String: Handler] = [:]
        CRMOperations.register(&h)
        BillingOperations.register(&h)
        OrderOperations.register(&h)
        TicketOperations.register(&h)
        return h
    }()

    static func publicCustomer(_ r: Record) -> JSONValue {
        var copy = r
        copy["verification"] = nil
        return .object(copy)
    }

    static func sortedDescending(_ records: [Record], by field: String) -> [Record] {
        records.sorted { a, b in
            let x = a[field]?.stringValue ?? "", y = b[field]?.stringValue ?? ""
            return x != y ? x > y : (a["id"]?.stringValue ?? "") > (b["id"]?.stringValue ?? "")
        }
    }

    static func positive(_ amount: Decimal?, _ name: String = "amount") throws(ToolError) -> Decimal {
        guard let amount, amount > 0 else { throw ToolError(.invalidArgument, "argument \"\(name)\" must be greater than 0") }
        return amount
    }
}
