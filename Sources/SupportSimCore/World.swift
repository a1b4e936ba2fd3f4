import Foundation

/// One record of a world collection, exactly as the backends return it to agents.
public typealias Record = [String: JSONValue]

/// A collection of records with an index by `id`; a value type, so copies are copy-on-write.
public struct RecordTable: Sendable, Hashable {
    public private(set) var records: [Record] = []
    private var positions: [String: Int] = [:]
    /// The field that identifies a record: `id`, or `sku` for products.
    public let keyField: String

    public init(_ records: [Record] = [], keyField: String = "id") {
        self.keyField = keyField
        for r in records { upsert(r) }
    }

    public var count: Int { records.count }

    public func record(id: String) -> Record? {
        positions[id].map { records[$0] }
    }

    /// Adds a record, or replaces the one with the same id.
    public mutating func upsert(_ record: Record) {
        if let id = record[keyField]?.stringValue {
            if let at = positions[id] {
                records[at] = record
                return
            }
            positions[id] = records.count
        }
        records.append(record)
    }

    /// Removes the record with this key, if there is one.
    public mutating func remove(id: String) {
        guard let at = positions[id] else { return }
        records.remove(at: at)
        positions = [:]
        for (i, r) in records.enumerated() { if let key = r[keyField]?.stringValue { positions[key] = i } }
    }

    public mutating func update(id: String, _ change: (inout Record) -> Void) {
        guard let at = positions[id] else { return }
        change(&records[at])
    }
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
