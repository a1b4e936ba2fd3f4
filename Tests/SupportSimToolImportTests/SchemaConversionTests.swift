import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// JSON Schema keywords the format has no place for are resolved or dropped, with a warning
/// when something the document says is lost.
struct SchemaConversionTests {
    /// The parameters of a one-operation 3.1 document whose query parameter `p` has `schema`.
    func parameter(_ schema: String, components: String = "") throws -> (PropertySchema, [String]) {
        let r = try imported("""
            openapi: 3.1.0
            info: {title: x, version: '1'}
            paths:
              /a:
                get:
                  operationId: op
                  parameters: [{name: p, in: query, schema: \(schema)}]
                  responses: {'200': {description: ok}}
            components: {schemas: {\(components)}}
            """, file: "api.yaml")
        return (try #require(try r.tool("op").parameter("p")).schema, r.warnings)
    }

    @Test func aNullAlternativeOnlyMakesTheValueNullable() throws {
        let (s, warnings) = try parameter("{anyOf: [{$ref: '#/components/schemas/Id'}, {type: 'null'}]}",
                                          components: "Id: {type: string, description: An id.}")
        #expect(s == .string("An id."))
        #expect(warnings.isEmpty)
    }

    @Test func alternativesOfOneTypeAreJoined() throws {
        let (strings, _) = try parameter("{oneOf: [{type: string, enum: [a, b]}, {type: string, enum: [b, c]}]}")
        #expect(strings == .string(enum: ["a", "b", "c"]))
        let (numbers, w) = try parameter("{oneOf: [{type: integer}, {type: number}]}")
        #expect(numbers == PropertySchema(type: .number))
        #expect(w.isEmpty)
        let (objects, _) = try parameter("""
            {oneOf: [{type: object, required: [kind, a], properties: {kind: {type: string, enum: [x]}, a: {type: string}}},
                     {type: object, required: [kind], properties: {kind: {type: string, enum: [y]}, b: {type: integer}}}]}
            """)
        #expect(objects == PropertySchema(type: .object, properties: [
            .init(name: "kind", schema: .string(enum: ["x", "y"])), .init(name: "a", schema: .string()),
            .init(name: "b", schema: PropertySchema(type: .integer)),
        ], required: ["kind"]))
    }

    @Test func alternativesOfSeveralTypesKeepTheFirstWithAWarning() throws {
        let (s, warnings) = try parameter("{oneOf: [{type: string}, {type: array, items: {type: string}}]}")
        #expect(s == .string())
        #expect(warnings == ["op: p: one of several types (string, array); written as the first, string"])
    }

    @Test func aSchemaWithoutATypeTakesItsValuesTypeOrString() throws {
        #expect(try parameter("{enum: [1, 2]}").0 == PropertySchema(type: .integer, enumValues: [1, 2]))
        #expect(try parameter("{default: true}").0 == PropertySchema(type: .boolean, defaultValue: true))
        let (any, warnings) = try parameter("{description: Anything.}")
        #expect(any == .string("Anything."))
        #expect(warnings == ["op: p: has no type; written as type string"])
    }

    @Test func enumValuesOfAStringAreTheTextTheDocumentWrote() throws {
        // OpenAPIKit reads a string schema's values as strings, so YAML's unquoted yes and 10 stay text.
        let (s, warnings) = try parameter("{type: string, enum: [yes, 10, ok]}")
        #expect(s == .string(enum: ["yes", "10", "ok"]))
        #expect(warnings.isEmpty)
        let (mixed, w) = try parameter("{enum: [a, 1]}")
        #expect(mixed.type == .string)
        #expect(w == ["op: p: has no type; written as type string"])
    }

    @Test func anAllOfAddingADescriptionToOneSchemaIsThatSchema() throws {
        let (s, warnings) = try parameter("{allOf: [{$ref: '#/components/schemas/Money'}], description: The refund.}",
                                          components: "Money: {type: number, format: decimal}")
        #expect(s == PropertySchema(type: .number, description: "The refund."))
        #expect(warnings.isEmpty)
    }

    @Test func aReferenceToAnotherFileIsAnObjectWithAWarning() throws {
        let (s, warnings) = try parameter("{$ref: 'common.yaml#/Money'}")
        #expect(s == PropertySchema(type: .object))
        #expect(warnings == ["op: p: common.yaml#/Money is not in this document (references to other files are not followed); written as type object"])
    }

    @Test func tabIndentedJSONReads() throws {
        let r = try imported("[\n\t{\"type\": \"function\",\n\t \"function\": {\"name\": \"a\", \"description\": \"b\"}}\n]", file: "tools.json")
        #expect(r.tools.map(\.name) == ["a"])
    }

    @Test func aTextResponseIsAnEmptyStringResult() throws {
        let r = try imported("""
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /ping: {get: {operationId: ping, responses: {'200': {description: ok, content: {text/plain: {schema: {type: string}}}}}}}
            """, file: "api.yaml")
        #expect(try r.tool("ping").resultStub == .string(""))
        #expect(try r.tool("ping").description == "GET /ping")
    }
}
