import SupportSimCore

/// Which records of a world belong to a customer, for `state: {collection: {count: N}}`
/// (docs/writing-scenarios.md, "State checks"): a record is the customer's when its `customer`
/// field names them, or when it refers to a record of theirs. A refund is the customer's through
/// its `charge`, a return through its `order`, a shipment through a return and its order, and so on:
/// a field `charge` refers to the `charges` collection, `order` to `orders`. The customer's own
/// record counts in `customers`. For an anonymous visitor, the records tied to no customer count.
struct CustomerRecords {
    let world: World
    let customer: String?

    func count(in collection: String) -> Int {
        world[collection].records.filter { belongs($0, collection: collection) }.count
    }

    func belongs(_ record: Record, collection: String) -> Bool {
        guard let customer else { return owner(record, collection: collection, depth: 0) == nil }
        return owner(record, collection: collection, depth: 0) == customer
    }

    /// The customer a record belongs to, followed through at most four references.
    private func owner(_ record: Record, collection: String, depth: Int) -> String? {
        if collection == "customers" { return record["id"]?.stringValue }
        if let c = record["customer"]?.stringValue ?? record["customer_id"]?.stringValue { return c }
        guard depth < 4 else { return nil }
        for key in record.keys.sorted() where key != World.keyField(of: collection) {
            guard let id = record[key]?.stringValue else { continue }
            let base = key.hasSuffix("_id") ? String(key.dropLast(3)) : key
            let target = base + "s"
            guard target != collection, world.collections[target] != nil,
                let referenced = world[target].record(id: id)
            else { continue }
            if let found = owner(referenced, collection: target, depth: depth + 1) { return found }
        }
        return nil
    }
}
