import Foundation
import SupportSimCore

/// A tool declaration as `tools/*.yaml` holds it (docs/your-own-tools.md), scaffolded from an
/// existing description of the tool: its name, description, parameters and a canned-result stub.
public struct ToolDeclaration: Sendable, Hashable {
    /// Matches `^[A-Za-z_][A-Za-z0-9_-]{0,63}$`.
    public var name: String
    public var description: String
    /// In the order the source lists them.
    public var parameters: [ToolParameter]
    /// The `result` of the one `responses` entry: to be filled in by hand.
    public var resultStub: ResultValue

    public init(name: String, description: String, parameters: [ToolParameter], resultStub: ResultValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.resultStub = resultStub
    }

    public func parameter(_ name: String) -> ToolParameter? { parameters.first { $0.name == name } }
}

/// A top-level parameter: `name: {type: ..., required: true}`.
public struct ToolParameter: Sendable, Hashable {
    public var name: String
    public var schema: PropertySchema
    public var required: Bool

    public init(name: String, schema: PropertySchema, required: Bool) {
        self.name = name
        self.schema = schema
        self.required = required
    }
}

/// A property schema: the JSON Schema subset of function calling that declared tools use.
public struct PropertySchema: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case string, number, integer, boolean, array, object
    }

    public var type: Kind
    public var description: String?
    /// Scalars only (strings, numbers, booleans).
    public var enumValues: [JSONValue]
    /// A scalar default, when the source gives one of the schema's type.
    public var defaultValue: JSONValue?
    /// An object's properties, in the source's order.
    public var properties: [Property]
    /// An object's required properties (each one of `properties`).
    public var required: [String]
    private var itemsBox: [PropertySchema]

    public init(type: Kind, description: String? = nil, enumValues: [JSONValue] = [], defaultValue: JSONValue? = nil,
                items: PropertySchema? = nil, properties: [Property] = [], required: [String] = [])
    {
        self.type = type
        self.description = description
        self.enumValues = enumValues
        self.defaultValue = defaultValue
        self.itemsBox = items.map { [$0] } ?? []
        self.properties = properties
        self.required = required
    }

    /// The schema of an array's items.
    public var items: PropertySchema? {
        get { itemsBox.first }
        set { itemsBox = newValue.map { [$0] } ?? [] }
    }

    public func property(_ name: String) -> PropertySchema? { properties.first { $0.name == name }?.schema }

    public struct Property: Sendable, Hashable {
        public var name: String
        public var schema: PropertySchema

        public init(name: String, schema: PropertySchema) {
            self.name = name
            self.schema = schema
        }
    }
}

/// A JSON value whose objects keep their keys' order, for results people read and edit.
public indirect enum ResultValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([ResultValue])
    case object([Field])

    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: ResultValue

        public init(_ key: String, _ value: ResultValue) {
            self.key = key
            self.value = value
        }
    }

    public static let emptyObject = ResultValue.object([])

    /// The keys of an object, in order.
    public var keys: [String] {
        if case .object(let fields) = self { return fields.map(\.key) }
        return []
    }

    public subscript(key: String) -> ResultValue? {
        if case .object(let fields) = self { return fields.first { $0.key == key }?.value }
        return nil
    }

    /// The same value without key order.
    public var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(\.jsonValue))
        case .object(let fields):
            var object: [String: JSONValue] = [:]
            for f in fields { object[f.key] = f.value.jsonValue }
            return .object(object)
        }
    }
}
