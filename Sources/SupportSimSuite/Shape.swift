import Foundation
import SupportSimCore

/// What a YAML value must look like. The loader validates against these shapes, and the JSON
/// Schemas in `schemas/` are generated from the same definitions, so the two cannot disagree.
indirect enum Shape: Sendable {
    /// Any scalar, read as text.
    case string
    case decimal(minimum: Decimal?)
    /// A fraction from 0 to 1 (gates on rates); 90 is a percentage typed by mistake.
    case rate
    case integer(minimum: Int, maximum: Int? = nil)
    case boolean
    /// `2026-11-20` or a full date-time.
    case date
    case dateTime
    case choice([String])
    /// The id of a record of the named collection (checked once the whole world is read).
    case reference(String)
    /// A backend operation name; `glob` allows patterns such as `billing.*`.
    case operation(glob: Bool)
    case regex
    case object(ObjectShape)
    case list(Shape, minCount: Int)
    /// One value or a list of them, read as a list.
    case oneOrMany(Shape)
    /// A scalar that is one of the listed words, or a mapping/list of the given shape.
    case scalarOr(scalar: Shape, structured: Shape)
    /// An argument value in an action expectation: a scalar, a list, or `{glob: ...}` / `{regex: ...}`.
    case argumentMatcher
    case any

    static func list(_ shape: Shape) -> Shape { .list(shape, minCount: 0) }
}

struct Field: Sendable {
    var name: String
    var shape: Shape
    var required: Bool
    var summary: String

    init(_ name: String, _ shape: Shape, required: Bool = false, _ summary: String = "") {
        self.name = name
        self.shape = shape
        self.required = required
        self.summary = summary
    }
}

struct ObjectShape: Sendable {
    var fields: [Field]
    /// The shape of keys not listed in `fields`; nil means such keys are errors.
    var additional: Shape?
    /// For world records: the collection the record belongs to, so its id is registered.
    var collection: String?
    var summary: String
    /// Rules across keys that the loader checks in `ModelBuilders` (where its messages can name
    /// the rule kinds) and the JSON Schema states with `oneOf` / `anyOf` / `propertyNames`:
    /// exactly one of these keys must be present (a policy's rule, an agent's kind) ...
    var exactlyOne: [String] = []
    /// ... at least one of these keys must be present and, when a list, not empty ...
    var atLeastOne: [String] = []
    /// ... and keys taken by `additional` must be one of these names (gate metrics).
    var keyNames: [String]? = nil
    /// An action expectation: `args` holds arguments of the operation named by `call`, which the
    /// loader checks against the catalogue (ModelBuilders.actions) and the schema per operation.
    var argumentsOfCall = false
    /// For records of a declared collection: the field that keys them (else `Schemas.keyField`).
    var keyField: String? = nil

    init(_ fields: [Field], additional: Shape? = nil, collection: String? = nil, summary: String = "",
         exactlyOne: [String] = [], atLeastOne: [String] = [], keyNames: [String]? = nil)
    {
        self.fields = fields
        self.additional = additional
        self.collection = collection
        self.summary = summary
        self.exactlyOne = exactlyOne
        self.atLeastOne = atLeastOne
        self.keyNames = keyNames
    }

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The same object with every field optional (partial records in `state:` checks).
    var partial: ObjectShape {
        var copy = self
        copy.fields = fields.map { var f = $0; f.required = false; return f }
        copy.collection = nil
        return copy
    }
}
