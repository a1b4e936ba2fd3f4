import Foundation
import OpenAPIKit
import SupportSimCore

/// The `result` stub of a tool's canned response: a response's example, its object keys in the
/// schema's order, or else a skeleton of the schema with placeholder values ("" 0 false [] and
/// nested objects; an enum's first value, a default). Write-only properties are left out.
extension SchemaConverter {
    static let maxResultDepth = 32

    mutating func skeleton(_ schema: JSONSchema, _ place: String) -> ResultValue {
        skeleton(schema, place, depth: 0, refs: [])
    }

    /// A decoded example (what OpenAPIKit's AnyCodable holds), keys ordered as `schema` lists them.
    mutating func result(example: Any, schema: JSONSchema?, _ place: String) -> ResultValue {
        result(example: example, schema: schema, place, refs: [])
    }

    private mutating func skeleton(_ schema: JSONSchema, _ place: String, depth: Int, refs: [String]) -> ResultValue {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs) else { return .emptyObject }
        guard depth < Self.maxResultDepth, spend(place) else { return .null }
        if let first = schema.allowedValues?.lazy.compactMap({ Self.scalar($0.value) }).first { return Self.result(first) }
        if let value = schema.defaultValue.flatMap({ Self.scalar($0.value) }) { return Self.result(value) }
        switch schema.value {
        case .boolean: return .bool(false)
        case .integer, .number: return .number(0)
        case .string: return .string("")
        case .array: return .array([])
        case .object, .all:
            guard let properties = objectProperties(schema, place, refs: refs) else { return .null }
            return .object(properties.map { p in
                ResultValue.Field(p.name, skeleton(p.schema, Self.child(place, p.name), depth: depth + 1, refs: p.refs))
            })
        case .one(let subschemas, _), .any(let subschemas, _):
            let options = subschemas.filter { sub in
                var r = refs
                if let s = dereferenced(sub, place, refs: &r), case .null = s.value { return false }
                return true
            }
            guard let first = options.first else { return .null }
            return skeleton(first, place, depth: depth, refs: refs)
        case .null, .not, .fragment, .reference:
            return .null
        }
    }

    private mutating func result(example: Any, schema: JSONSchema?, _ place: String, refs: [String]) -> ResultValue {
        var refs = refs
        let schema = schema.flatMap { dereferenced($0, place, refs: &refs) }
        switch example {
        case let array as [Any]:
            var items: JSONSchema?
            if case .array(_, let context)? = schema?.value { items = context.items }
            return .array(array.map { result(example: $0, schema: items, place + "[]", refs: refs) })
        case let object as [String: Any]:
            let properties = schema.flatMap { objectProperties($0, place, refs: refs) } ?? []
            var fields: [ResultValue.Field] = []
            for p in properties {
                guard let value = object[p.name] else { continue }
                fields.append(.init(p.name, result(example: value, schema: p.schema, Self.child(place, p.name), refs: p.refs)))
            }
            for key in object.keys.sorted() where !properties.contains(where: { $0.name == key }) {
                fields.append(.init(key, result(example: object[key] as Any, schema: nil, Self.child(place, key), refs: refs)))
            }
            return .object(fields)
        default:
            return Self.scalar(example).map(Self.result) ?? .null
        }
    }

    /// An object's properties in order (allOf parts merged), each with the references followed
    /// to reach it; nil when the schema is no object.
    private mutating func objectProperties(_ schema: JSONSchema, _ place: String,
                                           refs: [String]) -> [(name: String, schema: JSONSchema, refs: [String])]?
    {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs), spend(place) else { return nil }
        switch schema.value {
        case .object(_, let context):
            return context.properties.compactMap { name, property in
                if property.inferred || isWriteOnly(property, place, refs: refs) { return nil }
                return (name, property, refs)
            }
        case .all(let subschemas, _):
            var merged: [(name: String, schema: JSONSchema, refs: [String])] = []
            var any = false
            for sub in subschemas {
                guard let properties = objectProperties(sub, place, refs: refs) else { continue }
                any = true
                for p in properties {
                    if let i = merged.firstIndex(where: { $0.name == p.name }) { merged[i] = p } else { merged.append(p) }
                }
            }
            return any ? merged : nil
        default:
            return nil
        }
    }

    private mutating func isWriteOnly(_ schema: JSONSchema, _ place: String, refs: [String]) -> Bool {
        if schema.writeOnly { return true }
        var refs = refs
        return dereferenced(schema, place, refs: &refs)?.writeOnly ?? false
    }

    static func result(_ value: JSONValue) -> ResultValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(result))
        case .object(let fields): return .object(fields.keys.sorted().map { .init($0, result(fields[$0]!)) })
        }
    }
}
