import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// Function definitions of OpenAI's tools become declarations with `{}` result stubs.
struct OpenAIImportTests {
    let result: ImportResult

    init() throws { result = try imported(SupportTools.json, file: "tools.json") }

    @Test func fourFunctionsAreFourToolsInOrder() {
        #expect(result.source == .openAITools)
        #expect(result.tools.map(\.name) == ["lookup_order", "issue_refund", "update_address", "escalate_to-human"])
        #expect(result.tools.allSatisfy { $0.resultStub == .emptyObject })
    }

    @Test func parametersKeepTypesRequiredEnumsAndDescriptions() throws {
        #expect(try result.tool("lookup_order") == ToolDeclaration(
            name: "lookup_order", description: "Look up an order by its id.",
            parameters: [ToolParameter(name: "order_id", schema: .string("The order's id, e.g. ORD-1."), required: true)],
            resultStub: .emptyObject))
        #expect(try result.tool("issue_refund").parameters == [
            ToolParameter(name: "order_id", schema: .string(), required: true),
            ToolParameter(name: "amount", schema: PropertySchema(type: .number, description: "In dollars."), required: true),
            ToolParameter(name: "reason", schema: .string(enum: ["damaged", "late", "other"]), required: false),
        ])
        #expect(try result.tool("escalate_to-human").parameters == [
            ToolParameter(name: "priority", schema: PropertySchema(type: .integer, enumValues: [1, 2, 3]), required: false),
            ToolParameter(name: "tags", schema: PropertySchema(type: .array, items: .string()), required: false),
        ])
    }

    @Test func aNestedObjectKeepsItsPropertiesAndRequiredList() throws {
        let tool = try result.tool("update_address")
        #expect(tool.parameters == [
            ToolParameter(name: "customer_id", schema: .string(), required: true),
            ToolParameter(name: "address", schema: PropertySchema(type: .object, properties: [
                .init(name: "street", schema: .string()), .init(name: "city", schema: .string()), .init(name: "zip", schema: .string()),
            ], required: ["street", "zip"]), required: true),
        ])
    }

    @Test func aNameOutsideTheFormatIsSanitizedAndAMissingDescriptionIsTheName() throws {
        #expect(result.warnings.contains("[3]: the name \"escalate.to-human\" is written as escalate_to-human"))
        #expect(try result.tool("update_address").description == "update address")
        #expect(result.warnings.contains { $0.hasPrefix("update_address: has no description") })
    }

    @Test func aWholeRequestAndTheResponsesAPIsFlatFormReadAlike() throws {
        let request = try imported(#"{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tools": \#(SupportTools.json)}"#,
                                   file: "request.json")
        #expect(request.tools == result.tools)
        let flat = try imported("""
            [{"type": "function", "name": "lookup_order", "description": "Look up an order by its id.",
              "parameters": {"type": "object", "properties": {"order_id": {"type": "string", "description": "The order's id, e.g. ORD-1."}},
                             "required": ["order_id"]}}]
            """, file: "responses-tools.json")
        #expect(flat.tools == [try result.tool("lookup_order")])
    }

    @Test func otherKindsOfToolsAreSkippedWithAWarning() throws {
        let r = try imported(#"[{"type": "web_search"}, {"type": "function", "function": {"name": "ping", "description": "Ping."}}]"#,
                             file: "tools.json")
        #expect(r.tools.map(\.name) == ["ping"])
        #expect(r.tools[0].parameters.isEmpty)
        let empty = try imported(#"[{"type": "function", "function": {"name": "now", "description": "The time.", "parameters": {}}}]"#,
                                 file: "tools.json")
        #expect(empty.tools == [ToolDeclaration(name: "now", description: "The time.", parameters: [], resultStub: .emptyObject)])
        #expect(r.warnings == ["skipped [0]: its type is web_search, not function"])
    }

    @Test func defsReferencesAreFollowed() throws {
        // What pydantic writes for a model with a nested model.
        let r = try imported("""
            [{"type": "function", "function": {"name": "ship", "description": "Ship an order.", "parameters": {
              "$defs": {"Address": {"type": "object", "properties": {"zip": {"type": "string"}}, "required": ["zip"]}},
              "type": "object", "properties": {"to": {"$ref": "#/$defs/Address"}}, "required": ["to"]}}}]
            """, file: "tools.json")
        #expect(try r.tool("ship").parameters == [ToolParameter(name: "to", schema: PropertySchema(
            type: .object, properties: [.init(name: "zip", schema: .string())], required: ["zip"]), required: true)])
    }

    @Test func theSameToolsInYAMLReadAlike() throws {
        let r = try imported("""
            - type: function
              function:
                name: lookup_order
                description: Look up an order by its id.
                parameters:
                  type: object
                  properties:
                    order_id: {type: string, description: "The order's id, e.g. ORD-1."}
                  required: [order_id]
            """, file: "tools.yaml")
        #expect(r.tools == [try result.tool("lookup_order")])
    }
}
