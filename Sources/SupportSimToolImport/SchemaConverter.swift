import Foundation
import OpenAPIKit
import SupportSimCore

/// JSON Schema, as OpenAPIKit reads it, to declared tools' property schemas: references
/// resolved, `allOf` of objects merged, formats and the keywords the format has no place for
/// dropped, read-only properties left out of arguments. Bounded: nesting stops at the format's
/// five levels, recursion at a schema that contains itself, expansion at `maxSchemas` a tool.
struct SchemaConverter {
    /// Below a parameter, the levels of `items` / `properties` the format takes.
    static let maxNesting = 5
    static let maxSchemas = 5_000

    let resolver: SchemaResolver
    private(set) var warnings: [String] = []
    private var budget = maxSchemas

    init(resolver: SchemaResolver) { self.resolver = resolver }

    mutating func warn(_ text: String) {
        if !warnings.contains(text) { warnings.append(text) }
    }

    /// A parameter's schema. `place` names it in warnings ("getPayment: payment_id").
    mutating func property(_ schema: JSONSchema, _ place: String) -> PropertySchema {
        convert(schema, place, nesting: 0, refs: [])
    }

    /// An object schema's properties (references followed, `allOf` merged) as parameters; nil
    /// when the schema is not an object. `place` ends in ": " ("createRefund: ").
    mutating func parameters(ofObject schema: JSONSchema, _ place: String) -> [ToolParameter]? {
        guard let parts = objectParts(schema, place, childNesting: 0, refs: []) else { return nil }
        let required = parts.finishedRequired
        return parts.properties.map { ToolParameter(name: $0.name, schema: $0.schema, required: required.contains($0.name)) }
    }

    // MARK: Conversion

    private mutating func convert(_ schema: JSONSchema, _ place: String, nesting: Int, refs: [String]) -> PropertySchema {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs) else { return PropertySchema(type: .object) }
        let description = Self.text(schema.description)
        guard spend(place) else { return PropertySchema(type: Self.kind(of: schema) ?? .object, description: description) }
        switch schema.value {
        case .boolean: return scalar(.boolean, schema, description, place)
        case .integer: return scalar(.integer, schema, description, place)
        case .number: return scalar(.number, schema, description, place)
        case .string: return scalar(.string, schema, description, place)
        case .array(_, let context):
            var out = PropertySchema(type: .array, description: description)
            if let items = context.items {
                if nesting < Self.maxNesting {
                    out.items = convert(items, place + "[]", nesting: nesting + 1, refs: refs)
                } else {
                    warnTooDeep(place)
                }
            }
            return out
        case .object, .all:
            if isObjectLike(schema, place, refs: refs) {
                var out = PropertySchema(type: .object, description: description)
                guard nesting < Self.maxNesting else {
                    if case .object(_, let context) = schema.value, context.properties.isEmpty { return out }
                    warnTooDeep(place)
                    return out
                }
                if let parts = objectParts(schema, place, childNesting: nesting + 1, refs: refs) {
                    out.properties = parts.properties
                    out.required = parts.finishedRequired
                    if out.description == nil { out.description = parts.description }
                }
                return out
            }
            // allOf without an object: one schema with constraints added (a description, say).
            guard case .all(let subschemas, _) = schema.value,
                let first = subschemas.first(where: { !isFragment($0, place, refs: refs) })
            else { return fragment(schema, description, place) }
            var out = convert(first, place, nesting: nesting, refs: refs)
            if let description { out.description = description }
            return out
        case .one(let subschemas, _), .any(let subschemas, _):
            return alternatives(subschemas, description, place, nesting: nesting, refs: refs)
        case .not:
            warn("\(place): `not` has no place in a tool's parameters; written as type string")
            return PropertySchema(type: .string, description: description)
        case .null, .fragment:
            return fragment(schema, description, place)
        case .reference:
            return PropertySchema(type: .object, description: description)
        }
    }

    private mutating func scalar(_ kind: PropertySchema.Kind, _ schema: JSONSchema, _ description: String?,
                                 _ place: String) -> PropertySchema
    {
        PropertySchema(type: kind, description: description, enumValues: enumValues(schema.allowedValues, kind, place),
                       defaultValue: schema.defaultValue.flatMap { Self.scalar($0.value) }.flatMap { Self.fit($0, kind) })
    }

    /// A schema without a type: the type of its enum values or default, else string.
    private mutating func fragment(_ schema: JSONSchema, _ description: String?, _ place: String) -> PropertySchema {
        let values = (schema.allowedValues ?? []).compactMap { Self.scalar($0.value) }
        let kinds = Set(values.map(Self.kind(of:)))
        if kinds.count == 1, let kind = kinds.first { return scalar(kind, schema, description, place) }
        if kinds == [.integer, .number] { return scalar(.number, schema, description, place) }
        if let value = schema.defaultValue.flatMap({ Self.scalar($0.value) }) {
            return scalar(Self.kind(of: value), schema, description, place)
        }
        warn("\(place): has no type; written as type string")
        return PropertySchema(type: .string, description: description)
    }

    /// oneOf / anyOf. A `null` alternative only makes the value nullable, which a tool's
    /// arguments say by leaving it out. Alternatives of one type are joined (an object's
    /// properties, an enum's values); of several types, the first is kept.
    private mutating func alternatives(_ subschemas: [JSONSchema], _ description: String?, _ place: String,
                                       nesting: Int, refs: [String]) -> PropertySchema
    {
        let options = subschemas.filter { sub in
            var r = refs
            guard let s = dereferenced(sub, place, refs: &r) else { return true }
            if case .null = s.value { return false }
            return true
        }
        guard !options.isEmpty else {
            warn("\(place): has no type; written as type string")
            return PropertySchema(type: .string, description: description)
        }
        let converted = options.map { convert($0, place, nesting: nesting, refs: refs) }
        var out = converted[0]
        let kinds = Set(converted.map(\.type))
        if kinds == [.integer, .number] {
            out.type = .number
        } else if kinds.count > 1 {
            let names = converted.map(\.type.rawValue).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            warn("\(place): one of several types (\(names.joined(separator: ", "))); written as the first, \(out.type.rawValue)")
        } else if converted.count > 1 {
            switch out.type {
            case .object:
                // Any alternative's properties may be given; those all of them require stay required.
                for other in converted.dropFirst() {
                    for p in other.properties {
                        guard let i = out.properties.firstIndex(where: { $0.name == p.name }) else {
                            out.properties.append(p)
                            continue
                        }
                        // A discriminator's enum, say: each alternative's own values.
                        var mine = out.properties[i].schema
                        if mine.type == p.schema.type, !mine.enumValues.isEmpty, !p.schema.enumValues.isEmpty {
                            for v in p.schema.enumValues where !mine.enumValues.contains(v) { mine.enumValues.append(v) }
                            out.properties[i].schema = mine
                        }
                    }
                }
                out.required = out.required.filter { name in converted.allSatisfy { $0.required.contains(name) } }
            case .array:
                break
            default:
                let everyOneHasAnEnum = converted.allSatisfy { !$0.enumValues.isEmpty }
                out.enumValues = everyOneHasAnEnum
                    ? converted.flatMap(\.enumValues).reduce(into: []) { if !$0.contains($1) { $0.append($1) } } : []
                out.defaultValue = nil
            }
        }
        if let description { out.description = description }
        return out
    }

    // MARK: Objects

    struct ObjectParts {
        var properties: [PropertySchema.Property] = []
        /// May name properties that another part of an allOf defines.
        var required: [String] = []
        var description: String?

        mutating func merge(_ other: ObjectParts) {
            for p in other.properties {
                if let i = properties.firstIndex(where: { $0.name == p.name }) { properties[i] = p } else { properties.append(p) }
            }
            for r in other.required where !required.contains(r) { required.append(r) }
            if description == nil { description = other.description }
        }

        /// Those among the properties, in the properties' order.
        var finishedRequired: [String] { properties.map(\.name).filter(required.contains) }
    }

    /// An object's properties, or an allOf's objects' merged; nil when the schema is no object.
    private mutating func objectParts(_ schema: JSONSchema, _ place: String, childNesting: Int, refs: [String]) -> ObjectParts? {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs) else { return nil }
        switch schema.value {
        case .object(_, let context):
            guard spend(place) else { return ObjectParts() }
            var parts = ObjectParts(description: Self.text(schema.description))
            for (name, property) in context.properties {
                // `required: [name]` without a property of that name (allOf parts do this).
                if property.inferred {
                    if property.required { parts.required.append(name) }
                    continue
                }
                if isReadOnly(property, place, refs: refs) { continue }
                if property.required { parts.required.append(name) }
                let schema = convert(property, Self.child(place, name), nesting: childNesting, refs: refs)
                parts.properties.append(.init(name: name, schema: schema))
            }
            return parts
        case .all(let subschemas, _):
            guard spend(place) else { return ObjectParts() }
            var merged: ObjectParts?
            var others: [String] = []
            for sub in subschemas {
                if let parts = objectParts(sub, place, childNesting: childNesting, refs: refs) {
                    if merged == nil { merged = parts } else { merged?.merge(parts) }
                } else if !isFragment(sub, place, refs: refs) {
                    var r = refs
                    others.append(dereferenced(sub, place, refs: &r).flatMap(Self.kind(of:))?.rawValue ?? "schema")
                }
            }
            guard var merged else { return nil }
            if !others.isEmpty {
                warn("\(place): allOf joins an object with \(others.joined(separator: ", ")); kept the object's properties")
            }
            if let d = Self.text(schema.description) { merged.description = d }
            return merged
        default:
            return nil
        }
    }

    private mutating func isObjectLike(_ schema: JSONSchema, _ place: String, refs: [String]) -> Bool {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs) else { return false }
        switch schema.value {
        case .object: return true
        case .all(let subschemas, _): return subschemas.contains { isObjectLike($0, place, refs: refs) }
        default: return false
        }
    }

    private mutating func isFragment(_ schema: JSONSchema, _ place: String, refs: [String]) -> Bool {
        var refs = refs
        guard let schema = dereferenced(schema, place, refs: &refs) else { return true }
        if case .fragment = schema.value { return true }
        return false
    }

    private mutating func isReadOnly(_ schema: JSONSchema, _ place: String, refs: [String]) -> Bool {
        if schema.readOnly { return true }
        var refs = refs
        return dereferenced(schema, place, refs: &refs)?.readOnly ?? false
    }

    // MARK: References and bounds

    /// The schema a reference leads to (through references to references), carrying the
    /// description given beside the reference; nil, with a warning, when it cannot be found or
    /// leads back into itself. `refs` holds the references followed on the way here.
    mutating func dereferenced(_ schema: JSONSchema, _ place: String, refs: inout [String]) -> JSONSchema? {
        var current = schema
        var siteDescription: String?
        while case .reference(let reference, let core) = current.value {
            let key = reference.absoluteString
            if siteDescription == nil { siteDescription = Self.text(core.description) }
            if refs.contains(key) {
                warn("\(place): \(key) contains itself; the recursion stops here (written as type object)")
                return nil
            }
            refs.append(key)
            guard let target = resolver.resolve(reference) else {
                warn("\(place): \(key) is not in this document (references to other files are not followed); "
                     + "written as type object")
                return nil
            }
            current = target
        }
        if let siteDescription { current = current.with(description: siteDescription) }
        return current
    }

    mutating func spend(_ place: String) -> Bool {
        guard budget > 0 else {
            warn("\(place): more than \(Self.maxSchemas) schemas in one tool; the rest is left out")
            return false
        }
        budget -= 1
        return true
    }

    private mutating func warnTooDeep(_ place: String) {
        warn("\(place): nested deeper than \(Self.maxNesting) levels, the most declared tools take; "
             + "its items or properties are left out")
    }

    // MARK: Values

    static func child(_ place: String, _ name: String) -> String {
        place.hasSuffix(": ") ? place + name : place + "." + name
    }

    /// Trimmed; nil when empty.
    static func text(_ text: String?) -> String? {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    static func kind(of schema: JSONSchema) -> PropertySchema.Kind? {
        switch schema.value {
        case .boolean: return .boolean
        case .integer: return .integer
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        default: return nil
        }
    }

    static func kind(of value: JSONValue) -> PropertySchema.Kind {
        switch value {
        case .bool: return .boolean
        case .number(let d): return isIntegral(d) ? .integer : .number
        case .array: return .array
        case .object: return .object
        case .string, .null: return .string
        }
    }

    static func isIntegral(_ d: Decimal) -> Bool {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded == d
    }

    /// A decoded scalar (Bool, Int, Double, String) as JSON; nil for null, lists and maps.
    static func scalar(_ value: Any) -> JSONValue? {
        switch value {
        case let b as Bool: return .bool(b)
        case let i as Int: return .number(Decimal(i))
        case let u as UInt: return .number(Decimal(u))
        case let d as Double: return d.isFinite ? .number(Decimal(string: "\(d)") ?? Decimal(d)) : .string("\(d)")
        case let s as String: return .string(s)
        default: return nil
        }
    }

    /// The value as the schema's type takes it: numbers and booleans under a string type become
    /// their text (YAML reads unquoted `yes`, `10` as such); nil when it cannot be.
    static func fit(_ value: JSONValue, _ kind: PropertySchema.Kind) -> JSONValue? {
        switch (kind, value) {
        case (.string, .string), (.number, .number), (.boolean, .bool): return value
        case (.string, .number), (.string, .bool): return .string(value.displayText)
        case (.integer, .number(let d)): return isIntegral(d) ? value : nil
        default: return nil
        }
    }

    private mutating func enumValues(_ values: [AnyCodable]?, _ kind: PropertySchema.Kind, _ place: String) -> [JSONValue] {
        var out: [JSONValue] = []
        for value in values ?? [] {
            // null in an enum makes the value nullable; lists and maps are no scalars.
            guard let json = Self.scalar(value.value) else { continue }
            guard let fitted = Self.fit(json, kind) else {
                warn("\(place): enum value \(json.jsonText()) is not of type \(kind.rawValue); left out")
                continue
            }
            if fitted != json {
                warn("\(place): enum value \(json.jsonText()) of a string is written as \(fitted.jsonText()); "
                     + "quote it in the document if it is meant otherwise")
            }
            if !out.contains(fitted) { out.append(fitted) }
        }
        return out
    }
}
