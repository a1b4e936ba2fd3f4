import Foundation
import SupportSimCore

/// The `records` implementation of declared tools: get, find, list, create and update over a
/// world collection, with the suite's own error texts.
enum DeclaredRecords {
    static func run(_ op: RecordsOperation, _ lookup: (String) -> JSONValue?, _ ctx: inout OperationContext) throws(ToolError) -> JSONValue {
        let table = ctx.world[op.collection]
        switch op.kind {
        case .get:
            let key = keyText(op, lookup)
            guard let record = table.record(id: key) else {
                throw ToolError(.notFound, text(op.error, lookup) ?? "no \(op.collection) record with \(table.keyField) \"\(key)\"")
            }
            return .object(record)
        case .find:
            guard let record = table.records.first(where: { matches($0, op.filter, lookup) }) else {
                throw ToolError(.notFound, text(op.error, lookup) ?? "no \(op.collection) record matches")
            }
            return .object(record)
        case .list:
            var found = table.records.filter { matches($0, op.filter, lookup) }
            if let order = op.order {
                let descending = order.hasPrefix("-")
                let field = descending ? String(order.dropFirst()) : order
                // Stable, so records with equal values keep the world's order.
                found = found.enumerated().sorted { a, b in
                    let (x, y) = (a.element[field], b.element[field])
                    if RecordValues.ascending(x, y) { return !descending }
                    if RecordValues.ascending(y, x) { return descending }
                    return a.offset < b.offset
                }.map(\.element)
            }
            if let limit = op.limit { found = Array(found.prefix(limit)) }
            return [op.collection: .array(found.map(JSONValue.object)), "count": .number(Decimal(found.count))]
        case .create:
            var record: Record = [:]
            for (field, template) in op.set { record[field] = ToolTemplate.render(template, lookup) }
            if record[table.keyField] == nil {
                record[table.keyField] = .string(nextKey(op.idPattern ?? "\(op.collection)-{n}", in: table))
            }
            let key = record[table.keyField]?.displayText ?? ""
            guard table.record(id: key) == nil else {
                throw ToolError(.conflict, "a \(op.collection) record with \(table.keyField) \"\(key)\" already exists")
            }
            var changed = table
            changed.upsert(record)
            ctx.world[op.collection] = changed
            return .object(record)
        case .update:
            let key = keyText(op, lookup)
            guard var record = table.record(id: key) else {
                throw ToolError(.notFound, text(op.missing ?? op.error, lookup)
                                ?? "no \(op.collection) record with \(table.keyField) \"\(key)\"")
            }
            let withRecord = { (name: String) -> JSONValue? in lookup(name) ?? record[name] }
            for (field, allowed) in op.require.sorted(by: { $0.key < $1.key }) {
                let value = record[field] ?? .null
                guard allowed.contains(where: { RecordValues.equal(ToolTemplate.render($0, lookup), value) }) else {
                    throw ToolError(.conflict, text(op.error, withRecord)
                                    ?? "\(op.collection) \(key): \(field) is \(value.displayText), expected "
                                    + allowed.map(\.displayText).joined(separator: " or "))
                }
            }
            var changes: Record = [:]
            for (field, template) in op.set { changes[field] = ToolTemplate.render(template, withRecord) }
            for (field, template) in op.increment.sorted(by: { $0.key < $1.key }) {
                guard let by = ToolTemplate.render(template, lookup).decimalValue else {
                    throw ToolError(.invalidArgument, "\(field) is increased by a number, found \(ToolTemplate.render(template, lookup).displayText)")
                }
                let current = record[field] ?? .number(0)
                guard let base = current.decimalValue else {
                    throw ToolError(.conflict, "\(op.collection) \(key): \(field) is \(current.displayText), not a number")
                }
                changes[field] = .number(base + by)
            }
            for (field, value) in changes { record[field] = value }
            var changed = table
            changed.upsert(record)
            ctx.world[op.collection] = changed
            return .object(record)
        }
    }

    static func keyText(_ op: RecordsOperation, _ lookup: (String) -> JSONValue?) -> String {
        op.key.map { ToolTemplate.render($0, lookup).displayText } ?? ""
    }

    static func text(_ template: String?, _ lookup: (String) -> JSONValue?) -> String? {
        template.map { ToolTemplate.render($0, lookup) }
    }

    /// Every filter field equals its value, or one of its values when a list.
    static func matches(_ record: Record, _ filter: [String: JSONValue], _ lookup: (String) -> JSONValue?) -> Bool {
        filter.allSatisfy { field, template in
            let wanted = ToolTemplate.render(template, lookup)
            let actual = record[field] ?? .null
            if case .array(let options) = wanted { return options.contains { RecordValues.equal($0, actual) } }
            return RecordValues.equal(wanted, actual)
        }
    }

    /// `CASE-{n:04}` -> `CASE-0007`: one more than the highest number among keys of that form.
    static func nextKey(_ pattern: String, in table: RecordTable) -> String {
        guard let open = pattern.range(of: "{n"), let close = pattern[open.upperBound...].firstIndex(of: "}") else {
            return pattern
        }
        let prefix = String(pattern[..<open.lowerBound]), suffix = String(pattern[pattern.index(after: close)...])
        let spec = pattern[open.upperBound..<close]
        let width = spec.hasPrefix(":") ? Int(spec.dropFirst()) ?? 0 : 0
        var highest = 0
        for r in table.records {
            guard let key = r[table.keyField]?.stringValue, key.hasPrefix(prefix), key.hasSuffix(suffix),
                key.count >= prefix.count + suffix.count,
                let n = Int(key.dropFirst(prefix.count).dropLast(suffix.count)) else { continue }
            highest = max(highest, n)
        }
        let digits = String(highest + 1)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits + suffix
    }
}
