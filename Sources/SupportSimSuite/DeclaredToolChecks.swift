import Foundation
import SupportSimCore

/// What one declared tool names, checked against the suite: the operation it maps to and that
/// operation's arguments, the collection and fields it reads and writes, the parameters its
/// templates use, its canned answers and its handler. Each problem is a key path suffix within
/// the tool (`.records.require.status`) and a message.
struct DeclaredToolChecks {
    let tool: DeclaredTool
    let parameters: [String]
    let collections: [String]
    /// Collection -> the fields its records may have.
    let fields: [String: Set<String>]
    let root: URL
    /// Collection -> its key field.
    let keys: [String: String]

    /// Built-in collections' fields from their shapes; a declared one's from its `fields:`, else
    /// from its world records and what the tools write into it.
    static func knownFields(_ declared: DeclaredToolFiles, world: [String: RecordTable]) -> [String: Set<String>] {
        var known: [String: Set<String>] = [:]
        for (name, shape) in Schemas.records { known[name] = Set(shape.fields.map(\.name)) }
        for c in declared.collections {
            if let listed = c.fields {
                known[c.name] = Set(listed + [c.key])
                continue
            }
            var set: Set<String> = [c.key]
            for r in world[c.name]?.records ?? [] { set.formUnion(r.keys) }
            for tool in declared.tools {
                guard case .records(let op) = tool.implementation, op.collection == c.name else { continue }
                set.formUnion(op.set.keys)
                set.formUnion(op.increment.keys)
            }
            known[c.name] = set
        }
        return known
    }

    /// Arguments that name a record of a declared collection whose records have a `customer`
    /// (`payment_id` of `get: payments, key: $payment_id`), so that `same_customer` policies
    /// know whose record a declared tool acts on.
    static func ownedRecords(_ tools: [DeclaredTool], world: [String: RecordTable],
                             custom: [DeclaredCollection]) -> [ToolCatalogue.OwnedRecord] {
        var owned: [ToolCatalogue.OwnedRecord] = []
        for tool in tools {
            guard case .records(let op) = tool.implementation, op.kind == .get || op.kind == .update,
                let collection = custom.first(where: { $0.name == op.collection }),
                let argument = op.key.flatMap(ToolTemplate.wholeReference),
                collection.fields?.contains("customer")
                    ?? (world[collection.name]?.records.contains { $0["customer"] != nil } ?? false),
                !owned.contains(where: { $0.argument == argument })
            else { continue }
            owned.append(.init(argument: argument, collection: collection.name, ownerField: "customer"))
        }
        return owned
    }

    func problems() -> [(String, String)] {
        var out: [(String, String)] = []
        switch tool.implementation {
        case .mapsTo(let m): out += mapping(m)
        case .records(let op): out += records(op)
        case .responses(let list): out += responses(list)
        case .exec(let handler): out += exec(handler)
        }
        return out
    }

    /// `$name` references that are neither a parameter nor `now` (nor, where allowed, a field).
    func unknownReferences(_ value: JSONValue, at path: String, alsoFields: Set<String> = []) -> [(String, String)] {
        ToolTemplate.references(in: value).filter { $0 != "now" && !parameters.contains($0) && !alsoFields.contains($0) }
            .map { name in
                (path, "$\(name) names no parameter of \(tool.name)"
                    + Suggestion.didYouMean(name, parameters + ["now"] + alsoFields.sorted())
                    + (parameters.isEmpty ? " (it has none)" : " (its parameters: \(parameters.joined(separator: ", ")))"))
            }
    }

    func mapping(_ m: ToolMapping) -> [(String, String)] {
        guard let spec = OperationCatalogue.spec(m.call) else {
            return [(".maps_to.call", "unknown operation \(NodeValidator.quote(m.call))"
                     + Suggestion.didYouMean(m.call, OperationCatalogue.names) + " (maps_to takes an operation of tools.md)")]
        }
        var out: [(String, String)] = []
        let given = m.args.map { Array($0.keys) } ?? parameters
        for name in given.sorted() where spec.argument(name) == nil {
            let path = m.args == nil ? ".parameters.\(name)" : ".maps_to.args.\(name)"
            out.append((path, "\(m.call) has no argument \"\(name)\"" + Suggestion.didYouMean(name, spec.arguments.map(\.name))
                        + (m.args == nil ? "; without args, each parameter is passed under its own name" : "")))
        }
        for a in spec.arguments where a.required && !given.contains(a.name) {
            out.append((m.args == nil ? ".maps_to" : ".maps_to.args", "\(m.call) needs its argument \"\(a.name)\"; "
                        + "give it under args (from a parameter, $name, or a constant)"))
        }
        for (name, value) in (m.args ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += unknownReferences(value, at: ".maps_to.args.\(name)")
        }
        return out
    }

    func records(_ op: RecordsOperation) -> [(String, String)] {
        let kind = op.kind.rawValue
        guard collections.contains(op.collection) else {
            return [(".records.\(kind)", "unknown collection \(NodeValidator.quote(op.collection))"
                     + Suggestion.didYouMean(op.collection, collections)
                     + " (declare it under collections: in a tools file, or use a built-in one)")]
        }
        var out: [(String, String)] = []
        let known = fields[op.collection] ?? []
        func field(_ name: String, _ path: String) {
            guard !known.contains(name) else { return }
            out.append((path, "\(op.collection) has no field \"\(name)\"" + Suggestion.didYouMean(name, known.sorted())
                        + " (its fields: \(known.sorted().joined(separator: ", ")))"))
        }
        for name in op.filter.keys.sorted() { field(name, ".records.where.\(name)") }
        for name in op.require.keys.sorted() { field(name, ".records.require.\(name)") }
        for name in op.increment.keys.sorted() { field(name, ".records.increment.\(name)") }
        if op.kind == .update { for name in op.set.keys.sorted() { field(name, ".records.set.\(name)") } }
        if let order = op.order { field(order.hasPrefix("-") ? String(order.dropFirst()) : order, ".records.order") }
        let recordFields = op.kind == .update ? known : []
        if let key = op.key { out += unknownReferences(key, at: ".records.key") }
        for (name, value) in op.filter.sorted(by: { $0.key < $1.key }) { out += unknownReferences(value, at: ".records.where.\(name)") }
        for (name, value) in op.set.sorted(by: { $0.key < $1.key }) {
            out += unknownReferences(value, at: ".records.set.\(name)", alsoFields: recordFields)
        }
        for (name, value) in op.increment.sorted(by: { $0.key < $1.key }) { out += unknownReferences(value, at: ".records.increment.\(name)") }
        for (key, text) in [("error", op.error), ("missing", op.missing)] {
            if let text { out += unknownReferences(.string(text), at: ".records.\(key)", alsoFields: recordFields) }
        }
        if op.kind == .create, op.idPattern == nil, !(op.set.keys.contains(keyField(op.collection))) {
            out.append((".records", "a create needs id: a pattern for the new key, e.g. id: \"CASE-{n:04}\" (or set the key field)"))
        }
        return out
    }

    func keyField(_ collection: String) -> String { keys[collection] ?? Schemas.keyField(of: collection) }

    func responses(_ list: [CannedResponse]) -> [(String, String)] {
        var out: [(String, String)] = []
        for (i, r) in list.enumerated() {
            if r.when == nil, i != list.count - 1 {
                out.append((".responses[\(i)]", "a response without when is the default and must come last "
                            + "(the ones after it could never be chosen)"))
            }
            for name in (r.when ?? [:]).keys.sorted() where !parameters.contains(name) {
                out.append((".responses[\(i)].when.\(name)", "\(tool.name) has no parameter \"\(name)\""
                            + Suggestion.didYouMean(name, parameters)))
            }
            if let result = r.result { out += unknownReferences(result, at: ".responses[\(i)].result") }
            if let error = r.error { out += unknownReferences(.string(error.message), at: ".responses[\(i)].error.message") }
        }
        return out
    }

    func exec(_ handler: ExecHandler) -> [(String, String)] {
        var out: [(String, String)] = []
        for (i, c) in handler.collections.enumerated() where !collections.contains(c) {
            out.append((".exec.collections[\(i)]", "unknown collection \(NodeValidator.quote(c))" + Suggestion.didYouMean(c, collections)))
        }
        guard let executable = handler.command.first, !executable.isEmpty else {
            return out + [(".exec.command", "expected a command, e.g. [python3, tools/handler.py]")]
        }
        // A handler inside the suite that is not there cannot start: say so now, not per call.
        for word in handler.command where word.contains("/") && !word.hasPrefix("/") && !word.hasPrefix("-") {
            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(word).path) {
                out.append((".exec.command", "\(word) does not exist in the suite folder (commands run there)"))
            }
        }
        return out
    }
}
