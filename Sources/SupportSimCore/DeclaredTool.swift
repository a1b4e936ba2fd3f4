import Foundation

/// A tool a suite declares in `tools/` (docs/your-own-tools.md): the name and parameters the
/// agent under test really calls, and how SupportSim answers it.
public struct DeclaredTool: Sendable, Hashable {
    public var name: String
    public var description: String
    /// Top-level parameters in declaration order.
    public var parameters: [(name: String, schema: ParameterSchema, required: Bool)]
    public var implementation: ToolImplementation
    /// Where it was declared (`tools/payments.yaml`), for messages.
    public var file: String

    public init(name: String, description: String, parameters: [(name: String, schema: ParameterSchema, required: Bool)],
                implementation: ToolImplementation, file: String)
    {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.implementation = implementation
        self.file = file
    }

    public static func == (a: DeclaredTool, b: DeclaredTool) -> Bool {
        a.name == b.name && a.description == b.description && a.implementation == b.implementation && a.file == b.file
            && a.parameters.map(\.name) == b.parameters.map(\.name) && a.parameters.map(\.schema) == b.parameters.map(\.schema)
            && a.parameters.map(\.required) == b.parameters.map(\.required)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The JSON Schema of its arguments, as function-calling models and MCP clients get it.
    public var inputSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for p in parameters { properties[p.name] = p.schema.jsonSchema }
        return ["type": "object", "properties": .object(properties),
                "required": .array(parameters.filter(\.required).map { .string($0.name) }), "additionalProperties": false]
    }

    /// As the catalogue lists it (names and top-level types, for validation and evidence).
    public var spec: OperationSpec {
        OperationSpec(name: name, summary: description, arguments: parameters.map { p in
            .init(name: p.name, type: p.schema.argumentType, required: p.required,
                  allowed: p.schema.enumValues.compactMap(\.stringValue), summary: p.schema.description ?? "")
        })
    }

    public var descriptor: ToolDescriptor { ToolDescriptor(name: name, description: description, inputSchema: inputSchema) }
}

/// The JSON Schema subset function calling uses: a type, an enum, array items, object properties.
public struct ParameterSchema: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case string, number, integer, boolean, array, object }

    public var type: Kind
    public var description: String?
    public var enumValues: [JSONValue] = []
    /// The schema of an array's items.
    public var items: [ParameterSchema] = []
    public var properties: [String: ParameterSchema] = [:]
    public var required: [String] = []
    public var defaultValue: JSONValue?

    public init(type: Kind, description: String? = nil) {
        self.type = type
        self.description = description
    }

    public var argumentType: OperationSpec.ArgumentType {
        switch type {
        case .string: return .string
        case .number: return .decimal
        case .integer: return .integer
        case .boolean: return .boolean
        case .object: return .object
        case .array: return items.first?.type == .string ? .stringList : .list
        }
    }

    public var jsonSchema: JSONValue {
        var o: [String: JSONValue] = ["type": .string(type.rawValue)]
        if let description { o["description"] = .string(description) }
        if !enumValues.isEmpty { o["enum"] = .array(enumValues) }
        if let item = items.first { o["items"] = item.jsonSchema }
        if type == .object {
            o["properties"] = .object(properties.mapValues(\.jsonSchema))
            if !required.isEmpty { o["required"] = .array(required.map { .string($0) }) }
        }
        if let defaultValue { o["default"] = defaultValue }
        return .object(o)
    }

    /// Why a value does not fit, or nil: `amount must be a number, found "ten"`.
    public func problem(with value: JSONValue, at path: String) -> String? {
        // Built only for a message: a call's every argument passes through here.
        var found: String { value.stringValue.map { "\"\($0)\"" } ?? String(value.jsonText().prefix(60)) }
        switch (type, value) {
        case (.string, .string), (.boolean, .bool), (.number, .number): break
        case (.integer, .number(let d)):
            var value = d, whole = Decimal()
            NSDecimalRound(&whole, &value, 0, .plain)
            if whole != d { return "\(path) must be a whole number, found \(found)" }
        case (.array, .array(let list)):
            if let item = items.first {
                for (i, v) in list.enumerated() {
                    if let p = item.problem(with: v, at: "\(path)[\(i)]") { return p }
                }
            }
        case (.object, .object(let o)):
            for name in required where o[name] == nil || o[name] == .null { return "\(path).\(name) is required" }
            for (key, v) in o.sorted(by: { $0.key < $1.key }) {
                if let schema = properties[key], let p = schema.problem(with: v, at: "\(path).\(key)") { return p }
            }
        default:
            return "\(path) must be \(type == .integer || type == .array || type == .object ? "an" : "a") \(type.rawValue), found \(found)"
        }
        if !enumValues.isEmpty, !enumValues.contains(value) {
            return "\(path) must be one of \(enumValues.map { $0.stringValue ?? $0.jsonText() }.joined(separator: ", ")), found \(found)"
        }
        return nil
    }
}

/// How a declared tool is answered: exactly one of four kinds.
public enum ToolImplementation: Sendable, Hashable {
    /// A tool of the suite's domain, with arguments renamed or fixed and the result reshaped.
    case mapsTo(ToolMapping)
    /// Reads and writes over a world collection.
    case records(RecordsOperation)
    /// Canned answers chosen by the arguments.
    case responses([CannedResponse])
    /// A handler program (docs/exec-tool-protocol.md).
    case exec(ExecHandler)

    public var kind: String {
        switch self {
        case .mapsTo: return "maps_to"
        case .records: return "records"
        case .responses: return "responses"
        case .exec: return "exec"
        }
    }
}

public struct ToolMapping: Sendable, Hashable {
    public var call: String
    /// Argument of `call` -> template (`$payment_id`, a constant). nil: the arguments as given.
    public var args: [String: JSONValue]?
    /// Output field -> source field (dot path); nil: the whole result, less `drop`.
    public var result: [(name: String, source: String)]?
    public var drop: [String]

    public init(call: String, args: [String: JSONValue]?, result: [(name: String, source: String)]?, drop: [String]) {
        self.call = call
        self.args = args
        self.result = result
        self.drop = drop
    }

    public static func == (a: ToolMapping, b: ToolMapping) -> Bool {
        a.call == b.call && a.args == b.args && a.drop == b.drop
            && a.result?.map(\.name) == b.result?.map(\.name) && a.result?.map(\.source) == b.result?.map(\.source)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(call) }
}

public struct RecordsOperation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case get, find, list, create, update }

    public var kind: Kind
    public var collection: String
    /// get / update: the record's key (a template).
    public var key: JSONValue?
    /// find / list: field -> value (a template), or a list of values (any of them).
    public var filter: [String: JSONValue] = [:]
    /// list: a field, `-field` for descending.
    public var order: String?
    public var limit: Int?
    /// create: the new key, with `{n}` / `{n:04}` for the next free number.
    public var idPattern: String?
    public var set: [String: JSONValue] = [:]
    public var increment: [String: JSONValue] = [:]
    /// update: field -> allowed values.
    public var require: [String: [JSONValue]] = [:]
    /// get / find: the not-found text; update: the text when a precondition fails.
    public var error: String?
    /// update: the not-found text.
    public var missing: String?

    public init(kind: Kind, collection: String) {
        self.kind = kind
        self.collection = collection
    }
}

public struct CannedResponse: Sendable, Hashable {
    /// nil: the default answer.
    public var when: [String: ArgumentMatcher]?
    public var result: JSONValue?
    public var error: ToolError?

    public init(when: [String: ArgumentMatcher]?, result: JSONValue?, error: ToolError?) {
        self.when = when
        self.result = result
        self.error = error
    }
}

public struct ExecHandler: Sendable, Hashable {
    public var command: [String]
    public var collections: [String]
    public var timeoutMs: Int

    public init(command: [String], collections: [String], timeoutMs: Int) {
        self.command = command
        self.collections = collections
        self.timeoutMs = timeoutMs
    }
}

/// A world collection that declared tools use, with the field that keys its records.
public struct DeclaredCollection: Sendable, Hashable {
    public var name: String
    public var key: String
    /// The fields its records may have; nil: whatever the world's records and the tools write.
    public var fields: [String]?
    public init(name: String, key: String, fields: [String]?) {
        self.name = name
        self.key = key
        self.fields = fields
    }
}
