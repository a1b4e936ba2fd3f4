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
            ("scenario.schema.json", document(Schemas.scenarioFile, title: "SupportSim scenario", id: "scenario")),
            ("policies.schema.json", document(Schemas.policiesFile, title: "SupportSim policies", id: "policies")),
        ]
    }

    /// Top-level keys each schema allows, for tests that compare them with the loader.
    public static func topLevelKeys() -> [String: [String]] {
        ["supportsim.schema.json": Schemas.configFile.fields.map(\.name),
         "world.schema.json": Schemas.worldFile.fields.map(\.name),
         "scenario.schema.json": Schemas.scenarioFile.fields.map(\.name),
         "policies.schema.json": Schemas.policiesFile.fields.map(\.name)]
    }

    static func document(_ shape: ObjectShape, title: String, id: String) -> JSONValue {
        guard case .object(var o) = schema(.object(shape)) else { return .null }
        o["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        o["$id"] = .string("https://supportsim.dev/schemas/\(id).schema.json")
        o["title"] = .string(title)
        return .object(o)
    }

    static func schema(_ shape: Shape) -> JSONValue {
        switch shape {
        case .any: return [:]
        case .string: return ["type": ["string", "number", "boolean"]]
        case .decimal(let min):
            var o: [String: JSONValue] = ["type": "number"]
            if let min { o["minimum"] = .number(min) }
            return .object(o)
        case .integer(let min): return ["type": "integer", "minimum": .number(Decimal(min))]
        case .boolean: return ["type": "boolean"]
        case .date:
            return ["type": "string", "pattern": #"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$"#]
        case .dateTime:
            return ["type": "string", "format": "date-time"]
        case .choice(let options): return ["enum": .array(options.map { .string($0) })]
        case .reference(let collection):
            return ["type": "string", "description": .string("The id of a record in \(collection).")]
        case .operation(let glob):
            return glob ? ["type": "string", "description": "An operation name or glob, e.g. billing.refund or billing.*"]
                : ["enum": .array(OperationCatalogue.names.map { .string($0) })]
        case .regex: return ["type": "string", "format": "regex"]
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
                var s = schema(f.shape)
                if !f.summary.isEmpty, case .object(var o) = s { o["description"] = .string(f.summary); s = .object(o) }
                properties[f.name] = s
            }
            var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            let required = object.fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { o["required"] = .array(required) }
            o["additionalProperties"] = object.additional.map(schema) ?? false
            if !object.summary.isEmpty { o["description"] = .string(object.summary) }
            return .object(o)
        }
    }
}
