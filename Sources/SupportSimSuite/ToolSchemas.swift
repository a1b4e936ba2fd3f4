import Foundation
import SupportSimCore

/// The shape of a `tools/*.yaml` file (docs/your-own-tools.md): collections the tools use and
/// the tools, each with exactly one implementation.
extension Schemas {
    static let implementationKinds = ["maps_to", "records", "responses", "exec"]

    /// A parameter's schema, the JSON Schema subset of function calling. Nesting is bounded, as
    /// every shape here must be finite; five levels is beyond any real API's arguments.
    static func propertyShape(depth: Int = 5) -> Shape {
        var fields = [
            Field("type", .choice(ParameterSchema.Kind.allCases.map(\.rawValue)), required: true),
            Field("description", .string), Field("enum", .list(.any)), Field("default", .any),
            Field("required", .scalarOr(scalar: .boolean, structured: strings),
                  "true: required in its object (or among the tool's parameters); a list: the required properties of an object."),
        ]
        if depth > 0 {
            fields.append(Field("items", propertyShape(depth: depth - 1), "The schema of an array's items."))
            fields.append(Field("properties", .object(ObjectShape([], additional: propertyShape(depth: depth - 1))),
                                "An object's properties."))
        }
        return .object(ObjectShape(fields))
    }

    /// A value that may hold `$parameter` templates.
    static let template = Shape.any

    static var toolsFile: ObjectShape {
        let records = ObjectShape([
            Field("get", .string), Field("find", .string), Field("list", .string), Field("create", .string),
            Field("update", .string),
            Field("key", template, "get / update: the record's key, e.g. $payment_id."),
            Field("where", .object(ObjectShape([], additional: template)), "find / list: field -> value, or a list of values."),
            Field("order", .string, "list: a field, -field for descending."), Field("limit", .integer(minimum: 1)),
            Field("id", .string, "create: the new record's key, e.g. CASE-{n:04}."),
            Field("set", .object(ObjectShape([], additional: template))),
            Field("increment", .object(ObjectShape([], additional: template)), "update: decimal increments."),
            Field("require", .object(ObjectShape([], additional: .oneOrMany(.any))), "update: field -> allowed values."),
            Field("error", .string, "get / find: the not-found text; update: the text when a requirement fails."),
            Field("missing", .string, "update: the not-found text."),
        ], exactlyOne: RecordsOperation.Kind.allCases.map(\.rawValue))
        let toolError = ObjectShape([
            Field("code", .choice(["not_found", "invalid_argument", "conflict", "unavailable", "timeout", "forbidden"]),
                  required: true),
            Field("message", .string, required: true),
        ])
        let response = ObjectShape([
            Field("when", .object(ObjectShape([], additional: .argumentMatcher)), "Arguments to match; none: the default."),
            Field("result", .any), Field("error", .object(toolError)),
        ], exactlyOne: ["result", "error"])
        let tool = ObjectShape([
            Field("name", .string, required: true, "The name the agent calls, e.g. payments_refund."),
            Field("description", .string, required: true),
            Field("parameters", .object(ObjectShape([], additional: propertyShape()))),
            Field("maps_to", .object(ObjectShape([
                Field("call", .string, required: true, "A built-in operation, e.g. billing.refund."),
                Field("args", .object(ObjectShape([], additional: template))),
                Field("result", .object(ObjectShape([], additional: .string)), "Output field -> source field."),
                Field("drop", strings, "Fields left out of the result."),
            ]))),
            Field("records", .object(records)),
            Field("responses", .list(.object(response), minCount: 1)),
            Field("exec", .object(ObjectShape([
                Field("command", .oneOrMany(.string), required: true), Field("collections", strings),
                Field("timeout_ms", .integer(minimum: 1, maximum: 600_000)),
            ]))),
        ], exactlyOne: implementationKinds)
        return ObjectShape([
            version,
            Field("collections", .object(ObjectShape([], additional: .object(ObjectShape([
                Field("key", .string, "The field that keys its records; id when absent."),
                Field("fields", strings, "The fields its records may have; any when absent."),
            ]))))),
            Field("tools", .list(.object(tool))),
        ], summary: "SupportSim declared tools: the tools an agent calls and how SupportSim answers them.")
    }

    /// World records of a declared collection: the key is required, other fields as declared.
    static func recordShape(_ c: DeclaredCollection) -> ObjectShape {
        var fields = [Field(c.key, .string, required: true)]
        for f in c.fields ?? [] where f != c.key { fields.append(Field(f, .any)) }
        var shape = ObjectShape(fields, additional: c.fields == nil ? .any : nil, collection: c.name)
        shape.keyField = c.key
        return shape
    }
}
