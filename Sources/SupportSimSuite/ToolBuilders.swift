import Foundation
import SupportSimCore

/// Builds declared tools from a validated `tools/*.yaml` value. Checks that need one file only
/// are made here; those across files (names, collections, fields) in `DeclaredToolChecks`.
enum ToolBuilders {
    static let namePattern = try! NSRegularExpression(pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,63}$")

    static func isFunctionName(_ name: String) -> Bool {
        namePattern.firstMatch(in: name, range: NSRange(location: 0, length: name.utf16.count)) != nil
    }

    static func collections(_ v: JSONValue) -> [DeclaredCollection] {
        (v["collections"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { name, c in
            DeclaredCollection(name: name, key: c["key"]?.stringValue ?? "id",
                               fields: c["fields"].map { ModelBuilders.strings($0) })
        }
    }

    static func tools(_ v: JSONValue, file: String, validator: inout NodeValidator) -> [DeclaredTool] {
        var result: [DeclaredTool] = []
        for (i, t) in (v["tools"]?.arrayValue ?? []).enumerated() {
            let path = "tools[\(i)]"
            guard let name = t["name"]?.stringValue else { continue }
            let here = validator.marks[path] ?? Location(file: file, line: 1, column: 1, path: path)
            if !isFunctionName(name) {
                validator.report(validator.marks["\(path).name"] ?? here,
                                 "expected a function name (letters, digits, _ or -, at most 64, not starting with a digit), "
                                 + "found \(NodeValidator.quote(name))")
            }
            let kinds = Schemas.implementationKinds.filter { t[$0] != nil }
            guard kinds.count == 1, let kind = kinds.first else {
                validator.report(here, kinds.isEmpty
                    ? "a tool needs exactly one implementation (\(Schemas.implementationKinds.joined(separator: ", "))), found none"
                    : "a tool has exactly one implementation, found \(kinds.joined(separator: " and "))")
                continue
            }
            var parameters: [(name: String, schema: ParameterSchema, required: Bool)] = []
            for (p, value) in (t["parameters"]?.objectValue ?? [:]).sorted(by: { order(validator, "\(path).parameters", $0.key, $1.key) }) {
                let schema = parameter(value, path: "\(path).parameters.\(p)", validator: &validator)
                parameters.append((p, schema, value["required"]?.boolValue ?? false))
            }
            let body = t[kind]!
            let implementation: ToolImplementation
            switch kind {
            case "maps_to":
                implementation = .mapsTo(ToolMapping(
                    call: body["call"]?.stringValue ?? "", args: body["args"]?.objectValue,
                    result: body["result"]?.objectValue.map { fields in
                        fields.sorted { order(validator, "\(path).maps_to.result", $0.key, $1.key) }
                            .map { (name: $0.key, source: $0.value.stringValue ?? "") }
                    },
                    drop: ModelBuilders.strings(body["drop"])))
            case "records":
                implementation = .records(records(body, path: "\(path).records", validator: &validator))
            case "responses":
                implementation = .responses((body.arrayValue ?? []).map { r in
                    CannedResponse(when: r["when"]?.objectValue?.mapValues(ModelBuilders.matcher), result: r["result"],
                                   error: r["error"].map { e in
                                       ToolError(ToolError.Code(rawValue: e["code"]?.stringValue ?? "") ?? .unavailable,
                                                 e["message"]?.stringValue ?? "")
                                   })
                })
            default:
                let command = ModelBuilders.strings(body["command"])
                // A single string is a command line: split on spaces, as a shell would split a simple one.
                let argv = command.count == 1 ? command[0].split(separator: " ").map(String.init) : command
                implementation = .exec(ExecHandler(command: argv, collections: ModelBuilders.strings(body["collections"]),
                                                   timeoutMs: body["timeout_ms"]?.intValue ?? 5000))
            }
            result.append(DeclaredTool(name: name, description: t["description"]?.stringValue ?? "", parameters: parameters,
                                       implementation: implementation, file: file))
        }
        return result
    }

    /// Keys in the order the file wrote them (marks hold their lines), so that parameters are
    /// offered to models in the order their authors chose.
    static func order(_ v: NodeValidator, _ path: String, _ a: String, _ b: String) -> Bool {
        let la = v.marks["\(path).\(a)"], lb = v.marks["\(path).\(b)"]
        switch (la, lb) {
        case let (x?, y?): return (x.line, x.column, a) < (y.line, y.column, b)
        default: return a < b
        }
    }

    static func parameter(_ v: JSONValue, path: String, validator: inout NodeValidator) -> ParameterSchema {
        let kind = ParameterSchema.Kind(rawValue: v["type"]?.stringValue ?? "") ?? .string
        var schema = ParameterSchema(type: kind, description: v["description"]?.stringValue)
        schema.defaultValue = v["default"]
        schema.enumValues = v["enum"]?.arrayValue ?? []
        if let item = v["items"] {
            if kind != .array, let at = validator.marks["\(path).items"] { validator.report(at, "items belongs to a parameter of type array") }
            schema.items = [parameter(item, path: "\(path).items", validator: &validator)]
        }
        if let properties = v["properties"]?.objectValue {
            if kind != .object, let at = validator.marks["\(path).properties"] {
                validator.report(at, "properties belong to a parameter of type object")
            }
            for (name, p) in properties {
                schema.properties[name] = parameter(p, path: "\(path).properties.\(name)", validator: &validator)
                if p["required"]?.boolValue == true { schema.required.append(name) }
            }
        }
        if let list = v["required"]?.arrayValue {
            for (i, r) in list.enumerated() {
                guard let name = r.stringValue else { continue }
                if schema.properties[name] == nil, let at = validator.marks["\(path).required[\(i)]"] {
                    validator.report(at, "required names \"\(name)\", which is not among the properties"
                                     + Suggestion.didYouMean(name, Array(schema.properties.keys)))
                }
                if !schema.required.contains(name) { schema.required.append(name) }
            }
        }
        schema.required.sort()
        if [.string, .number, .integer, .boolean].contains(kind) {
            let bare = ParameterSchema(type: kind)
            for (i, value) in schema.enumValues.enumerated() where bare.problem(with: value, at: "") != nil {
                if let at = validator.marks["\(path).enum[\(i)]"] {
                    validator.report(at, "an enum value of a \(kind.rawValue) parameter must be a \(kind.rawValue), found \(value.jsonText())")
                }
            }
        }
        return schema
    }

    static func records(_ v: JSONValue, path: String, validator: inout NodeValidator) -> RecordsOperation {
        let kind = RecordsOperation.Kind.allCases.first { v[$0.rawValue] != nil } ?? .get
        let kinds = RecordsOperation.Kind.allCases.filter { v[$0.rawValue] != nil }
        if kinds.count != 1, let at = validator.marks[path] {
            validator.report(at, kinds.isEmpty
                ? "records needs exactly one of get, find, list, create, update, found none"
                : "records does exactly one of get, find, list, create, update, found \(kinds.map(\.rawValue).joined(separator: " and "))")
        }
        var op = RecordsOperation(kind: kind, collection: v[kind.rawValue]?.stringValue ?? "")
        op.key = v["key"]
        op.filter = v["where"]?.objectValue ?? [:]
        op.order = v["order"]?.stringValue
        op.limit = v["limit"]?.intValue
        op.idPattern = v["id"]?.stringValue
        op.set = v["set"]?.objectValue ?? [:]
        op.increment = v["increment"]?.objectValue ?? [:]
        op.require = (v["require"]?.objectValue ?? [:]).mapValues { $0.arrayValue ?? [$0] }
        op.error = v["error"]?.stringValue
        op.missing = v["missing"]?.stringValue
        // Which keys each kind reads; any other is a mistake that would be silently ignored.
        let allowed: [RecordsOperation.Kind: Set<String>] = [
            .get: ["key", "error"], .find: ["where", "error"], .list: ["where", "order", "limit"],
            .create: ["id", "set"], .update: ["key", "require", "error", "missing", "set", "increment"],
        ]
        for key in (v.objectValue ?? [:]).keys.sorted() where key != kind.rawValue && !RecordsOperation.Kind.allCases.map(\.rawValue).contains(key) {
            if !(allowed[kind]?.contains(key) ?? false), let at = validator.marks["\(path).\(key)"] {
                validator.report(at, "\(key) does nothing in a \(kind.rawValue) (it takes: \((allowed[kind] ?? []).sorted().joined(separator: ", ")))")
            }
        }
        if (kind == .get || kind == .update) && op.key == nil, let at = validator.marks[path] {
            validator.report(at, "a \(kind.rawValue) needs key: the record's key, e.g. key: $\(kind == .get ? "id" : "id")")
        }
        if kind == .find && op.filter.isEmpty, let at = validator.marks[path] {
            validator.report(at, "a find needs where: the fields to match, e.g. where: {email: $email}")
        }
        if kind == .update && op.set.isEmpty && op.increment.isEmpty, let at = validator.marks[path] {
            validator.report(at, "an update needs set or increment: the fields it changes")
        }
        return op
    }
}
