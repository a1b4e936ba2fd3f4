import Foundation
import SupportSimCore

/// A conversation's final world as the change from the world it started from: a conversation
/// touches a handful of records, and the journal of a large run must not hold a copy of the
/// whole world per conversation. Applying the delta to the same starting world gives back a
/// world equal to the final one, record order included.
enum WorldDelta {
    static func encode(final: World, from initial: World) -> JSONValue {
        var changed: [String: JSONValue] = [:]
        for (name, table) in final.collections {
            guard let before = initial.collections[name] else {
                changed[name] = whole(table)
                continue
            }
            if before == table { continue }
            changed[name] = delta(table, from: before) ?? whole(table)
        }
        let removed = initial.collections.keys.filter { final.collections[$0] == nil }.sorted()
        return ["changed": .object(changed), "removed": .strings(removed)]
    }

    static func decode(_ f: JSONFields, onto initial: World) throws(JournalDecodingError) -> World {
        var world = initial
        for name in try f.strings("removed") { world.collections[name] = nil }
        let changed = try f.dictionary("changed")
        for name in changed.keys.sorted() {
            let c = try JSONFields(changed[name]!, path: "\(f.path).changed.\(name)")
            if c.optional("records") != nil {
                world.collections[name] = RecordTable(try records(c, "records"), keyField: try c.string("key_field"))
            } else {
                guard var table = initial.collections[name] else {
                    throw JournalDecodingError(field: c.path, problem: "a change to a collection the starting world does not have")
                }
                for r in try records(c, "replaced") + records(c, "appended") { table.upsert(r) }
                world.collections[name] = table
            }
        }
        return world
    }

    /// Records replaced in place and records appended, when that is all that happened (every
    /// record keyed, the old ones still first and in their order); nil otherwise.
    private static func delta(_ table: RecordTable, from before: RecordTable) -> JSONValue? {
        guard table.keyField == before.keyField, table.count >= before.count else { return nil }
        let key = table.keyField
        var replaced: [JSONValue] = []
        for (old, new) in zip(before.records, table.records) {
            guard let k = old[key]?.stringValue, new[key]?.stringValue == k else { return nil }
            if old != new { replaced.append(.object(new)) }
        }
        let appended = table.records[before.count...]
        guard appended.allSatisfy({ $0[key]?.stringValue != nil }) else { return nil }
        return ["replaced": .array(replaced), "appended": .array(appended.map { .object($0) })]
    }

    private static func whole(_ table: RecordTable) -> JSONValue {
        ["records": .array(table.records.map { .object($0) }), "key_field": .string(table.keyField)]
    }

    private static func records(_ f: JSONFields, _ key: String) throws(JournalDecodingError) -> [Record] {
        var out: [Record] = []
        for (i, v) in try f.array(key).enumerated() {
            guard case .object(let o) = v else { throw JournalDecodingError(field: "\(f.path).\(key)[\(i)]", problem: "expected a record") }
            out.append(o)
        }
        return out
    }
}
