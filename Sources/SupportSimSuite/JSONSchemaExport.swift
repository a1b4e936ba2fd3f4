import Foundation
import SupportSimCore

/// JSON Schemas (draft 2020-12) of the suite files, generated from the loader's own shapes so
/// that an editor with a YAML language server accepts exactly what `supportsim validate` accepts.
public enum JSONSchemaExport {
    /// File name → schema, for `schemas/`.
    public static func all() -> [(file: String, schema: JSONValue)] {
        [
            ("supportsim.schema.json", document(Schemas.configFile, title: "SupportSim suite config", id: "supportsim")),
            ("world.schema.json", document(Schemas.worldFile, title: "SupportSim world file", id: "world")),
            // Turns are required except in a tau task scenario or one a model plays (a goal), a rule across keys that
            // the loader checks after the shape (SuiteLoader.domainProblems).
            ("scenario.schema.json", requiringAny(["turns", "tau", "goal"],
                                                  document(Schemas.scenarioFile, title: "SupportSim scenario", id: "scenario"))),
            ("policies.schema.json", document(Schemas.policiesFile, title: "SupportSim policies", id: "policies")),
            ("tools.schema.json", document(Schemas.toolsFile, title: "SupportSim declared tools", id: "tools")),
        ]
    }

    /// Top-level keys each schema allows, for tests that compare them with the loader.
    public static func topLevelKeys() -> [String: [String]] {
        ["supportsim.schema.json": Schemas.configFile.fields.map(\.name),
         "world.schema.json": Schemas.worldFile.fields.map(\.name),
         "scenario.schema.json": Schemas.scenarioFile.fields.map(\.name),
         "policies.schema.json": Schemas.policiesFile.fields.map(\.name),
         "tools.schema.json": Schemas.toolsFile.fields.map(\.name)]
    }

    /// The schema with one more rule: at least one of `keys` is present.
    static func requiringAny(_ keys: [String], _ schema: JSONValue) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        var all = o["allOf"]?.arrayValue ?? []
        all.append(["anyOf": .array(keys.map { ["required": [.string($0)]] })])
        o["allOf"] = .array(all)
        return .object(o)
    }

    static func document(_ shape: ObjectShape, title: String, id: String) -> JSONValue {
        guard case .object(var o) = schema(.object(shape)) else { return .null }
        o["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        o["$id"] = .string("https://supportsim.dev/schemas/\(id).schema.json")
        o["title"] = .string(title)
        // Action expectations appear in turns and in the conversation; their per-operation
        // argument rules are written once.
        if JSONValue.object(o).jsonText().contains(operationArgumentsRef) {
            o["$defs"] = ["operationArguments": ["allOf": .array(argumentsByOperation())],
                          "textMatcher": textMatcher]
        }
        return .object(o)
    }

    /// The loader reads any non-null scalar as text (`customer: 1001` is the id "1001").
    static let scalarTypes: JSONValue = ["string", "number", "boolean"]

    /// Dates as far as a regular expression can check them: months 01-12, days 01-31. Whether
    /// the day exists in that month (2026-02-30) is checked by `validate` only (docs/schemas.md).
    static let dayPattern = #"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"#
    static let timePattern = #"[Tt ]([01]?\d|2[0-3]):[0-5]?\d:[0-5]?\d(\.\d+)?([Zz]|[+-]\d{1,2}:\d{1,2})"#

    /// For each operation: when `call` names it, `args` may hold only its arguments, each of a
    /// value that can equal what the operation takes (or a `{glob}` / `{regex}` matcher).
    static let operationArgumentsRef = "#/$defs/operationArguments"
    static let textMatcher: JSONValue = ["type": "object", "minProperties": 1, "maxProperties": 1,
                                         "properties": ["glob": ["type": "string"], "regex": ["type": "string"]],
                                         "additionalProperties": false]

    static func argumentsByOperation() -> [JSONValue] {
        let matcher: JSONValue = ["$ref": "#/$defs/textMatcher"]
        return OperationCatalogue.names.compactMap { name -> JSONValue? in
            guard let spec = OperationCatalogue.spec(name) else { return nil }
            var arguments: [String: JSONValue] = [:]
            for argument in spec.arguments {
                let type: JSONValue
                switch argument.type {
                case .decimal, .integer: type = "number"
                case .boolean: type = "boolean"
                case .string: type = ["string", "number"]
                case .stringList, .list: type = "array"
                case .object: type = "object"
                case .any: type = ["string", "number", "boolean", "array", "object", "null"]
                }
                arguments[argument.name] = ["anyOf": [["type": type], matcher]]
            }
            return ["if": ["properties": ["call": ["const": .string(name)]], "required": ["call"]],
                    "then": ["properties": ["args": ["properties": .object(arguments), "additionalProperties": false]]]]
        }
    }

    /// Ids, skus, tags and references may hold no control characters (NodeValidator.isIdentifierPath).
    /// (Said as "no string holding one": `^...$` would let a trailing newline through in
    /// validators whose `$` matches before one, as Python's does.)
    static let noControlCharacters: JSONValue = ["type": "string", "pattern": #"[\u0000-\u001f\u007f-\u009f]"#]

    static func identifierRule(_ field: Field, _ schema: JSONValue) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        switch (field.name, field.shape) {
        case ("id", .string), ("sku", .string): o["not"] = noControlCharacters
        case ("tags", .list(.string, _)): o["items"] = ["type": scalarTypes, "not": noControlCharacters]
        default: break
        }
        return .object(o)
    }

    static func schema(_ shape: Shape) -> JSONValue {
        switch shape {
        case .any: return [:]
        case .string: return ["type": scalarTypes]
        case .decimal(let min):
            var o: [String: JSONValue] = ["type": "number"]
            if let min { o["minimum"] = .number(min) }
            return .object(o)
        case .rate: return ["type": "number", "minimum": 0, "maximum": 1]
        case .integer(let min, let max):
            var o: [String: JSONValue] = ["type": "integer", "minimum": .number(Decimal(min))]
            if let max { o["maximum"] = .number(Decimal(max)) }
            return .object(o)
        case .boolean: return ["type": "boolean"]
        case .date:
            return ["type": "string", "pattern": .string("^\(dayPattern)(\(timePattern))?$")]
        case .dateTime:
            // A pattern, not `format: date-time`: validators do not assert formats by default.
            return ["type": "string", "pattern": .string("^\(dayPattern)\(timePattern)$")]
        case .choice(let options): return ["enum": .array(options.map { .string($0) })]
        case .reference(let collection):
            return ["type": scalarTypes, "not": noControlCharacters,
                    "description": .string("The id of a record in \(collection).")]
        case .operation(let glob):
            // The support domain's operations by name (an editor completes them, and a typo such
            // as billing.refnd is caught); another domain's tools are plain function names, which
            // `validate` checks against that suite's tools, as it checks globs that match none.
            let support: JSONValue = ["enum": .array(OperationCatalogue.names.map { .string($0) })]
            let functionName: JSONValue = ["type": "string", "pattern": #"^[A-Za-z_][A-Za-z0-9_-]*$"#]
            return glob ? ["anyOf": [support, functionName, ["type": "string", "pattern": #"[*?]"#]],
                           "description": "A tool name or glob, e.g. billing.refund, billing.* or book_reservation"]
                : ["anyOf": [support, functionName],
                   "description": "A tool name: a support operation such as billing.refund, or a tool of the suite's domain"]
        case .regex:
            // No `format: regex`: it means ECMA 262, which rejects the `(?i)` that NSRegularExpression
            // accepts; whether a pattern compiles is checked by `validate` only.
            return ["type": scalarTypes, "description": "A regular expression (ICU syntax)."]
        case .list(let element, let minCount):
            var o: [String: JSONValue] = ["type": "array", "items": schema(element)]
            if minCount > 0 { o["minItems"] = .number(Decimal(minCount)) }
            return .object(o)
        case .oneOrMany(let element):
            return ["anyOf": [schema(element), ["type": "array", "items": schema(element)]]]
        case .scalarOr(let scalar, let structured):
            return ["anyOf": [schema(scalar), schema(structured)]]
        case .argumentMatcher:
            return ["anyOf": [
                ["type": ["string", "number", "boolean", "array", "null"]],
                ["type": "object", "properties": ["glob": ["type": "string"]], "required": ["glob"], "additionalProperties": false],
                ["type": "object", "properties": ["regex": ["type": "string"]], "required": ["regex"], "additionalProperties": false],
            ]]
        case .object(let object):
            var properties: [String: JSONValue] = [:]
            for f in object.fields {
                var s = identifierRule(f, schema(f.shape))
                if !f.summary.isEmpty, case .object(var o) = s { o["description"] = .string(f.summary); s = .object(o) }
                properties[f.name] = s
            }
            var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            let required = object.fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { o["required"] = .array(required) }
            o["additionalProperties"] = object.additional.map(schema) ?? false
            if !object.summary.isEmpty { o["description"] = .string(object.summary) }
            if let names = object.keyNames { o["propertyNames"] = ["enum": .array(names.map { .string($0) })] }
            var combined: [JSONValue] = []
            if !object.exactlyOne.isEmpty {
                combined.append(["oneOf": .array(object.exactlyOne.map { ["required": [.string($0)]] })])
            }
            if !object.atLeastOne.isEmpty {
                combined.append(["anyOf": .array(object.atLeastOne.map { key in
                    ["required": [.string(key)], "properties": [key: ["not": ["type": "array", "maxItems": 0]]]]
                })])
            }
            if object.argumentsOfCall { o["$ref"] = .string(operationArgumentsRef) }
            if combined.count == 1, case .object(let extra) = combined[0] {
                o.merge(extra) { $1 }
            } else if combined.count > 1 {
                o["allOf"] = .array(combined)
            }
            return .object(o)
        }
    }
}
