import Foundation

/// One record of a world collection, exactly as the backends return it to agents.
public typealias Record = [String: JSONValue]

/// A collection of records with an index by `id`, and one by the customer a record belongs to
/// (the backends list a customer's invoices, orders and tickets on most turns; scanning the
/// collection for them was a tenth of a backend call). A value type, so copies are copy-on-write.
public struct RecordTable: Sendable, Hashable {
    /// The field that ties a record to its customer (`customer: C-1` on invoices, orders, …).
    public static let customerField = "customer"

    public private(set) var records: [Record] = []
    private var positions: [String: Int] = [:]
    /// Positions of each customer's records, in record order.
    private var byCustomer: [String: [Int]] = [:]
    /// The field that identifies a record: `id`, or `sku` for products.
    public let keyField: String

    public init(_ records: [Record] = [], keyField: String = "id") {
        self.keyField = keyField
        for r in records { upsert(r) }
    }

    // The indexes follow from the records: equal tables are equal records with the same key.
    public static func == (a: RecordTable, b: RecordTable) -> Bool { a.keyField == b.keyField && a.records == b.records }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keyField)
        hasher.combine(records)
    }

    public var count: Int { records.count }

    public func record(id: String) -> Record? {
        positions[id].map { records[$0] }
    }

    /// The records whose `customer` field is `customer`, in the table's order.
    public func records(customer: String) -> [Record] {
        (byCustomer[customer] ?? []).map { records[$0] }
    }

    /// Adds a record, or replaces the one with the same id.
    public mutating func upsert(_ record: Record) {
        if let id = record[keyField]?.stringValue {
            if let at = positions[id] {
                replace(at: at, with: record)
                return
            }
            positions[id] = records.count
        }
        if let owner = Self.owner(of: record) { byCustomer[owner, default: []].append(records.count) }
        records.append(record)
    }

    /// Removes the record with this key, if there is one.
    public mutating func remove(id: String) {
        guard let at = positions[id] else { return }
        records.remove(at: at)
        positions = [:]
        byCustomer = [:]
        for (i, r) in records.enumerated() {
            if let key = r[keyField]?.stringValue { positions[key] = i }
            if let owner = Self.owner(of: r) { byCustomer[owner, default: []].append(i) }
        }
    }

    public mutating func update(id: String, _ change: (inout Record) -> Void) {
        guard let at = positions[id] else { return }
        let before = Self.owner(of: records[at])
        change(&records[at])  // in place: the record is not copied
        reindex(at, ownedBefore: before)
    }

    private mutating func replace(at: Int, with record: Record) {
        let before = Self.owner(of: records[at])
        records[at] = record
        reindex(at, ownedBefore: before)
    }

    /// Moves record `at` in the customer index when a change gave it another customer.
    private mutating func reindex(_ at: Int, ownedBefore before: String?) {
        let after = Self.owner(of: records[at])
        guard before != after else { return }
        if let before {
            byCustomer[before]?.removeAll { $0 == at }
            if byCustomer[before]?.isEmpty == true { byCustomer[before] = nil }
        }
        if let after {
            var list = byCustomer[after] ?? []
            list.insert(at, at: list.firstIndex { $0 > at } ?? list.endIndex)
            byCustomer[after] = list
        }
    }

    private static func owner(of record: Record) -> String? { record[customerField]?.stringValue }
}

/// The state the mock backends start from: the union of the world's YAML collections and its
/// knowledge base. Copying a `World` copies a few references; records are shared until written.
public struct World: Sendable {
    public static let collectionNames = [
        "customers", "plans", "subscriptions", "invoices", "charges", "refunds", "credits", "orders", "products",
        "returns", "tickets", "interactions",
    ]

    public var collections: [String: RecordTable]
    public var knowledgeBase: KnowledgeBase

    public init(collections: [String: RecordTable] = [:], knowledgeBase: KnowledgeBase = KnowledgeBase(articles: [])) {
        self.collections = collections
        self.knowledgeBase = knowledgeBase
    }

    public static func keyField(of collection: String) -> String { collection == "products" ? "sku" : "id" }

    public subscript(collection: String) -> RecordTable {
        get { collections[collection] ?? RecordTable(keyField: World.keyField(of: collection)) }
        set { collections[collection] = newValue }
    }

    /// This world with a scenario's records added (or replacing those with the same id).
    public func overlaid(with overlay: [String: [Record]]) -> World {
        guard !overlay.isEmpty else { return self }
        var copy = self
        for (name, records) in overlay {
            var table = copy[name]
            for r in records { table.upsert(r) }
            copy[name] = table
        }
        return copy
    }
}

public struct KnowledgeArticle: Sendable, Hashable {
    public var id: String
    public var title: String
    public var tags: [String]
    public var body: String
    public var file: String
    public init(id: String, title: String, tags: [String] = [], body: String, file: String = "") {
        self.id = id
        self.title = title
        self.tags = tags
        self.body = body
        self.file = file
    }
}
