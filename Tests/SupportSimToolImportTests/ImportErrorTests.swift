import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// A file that cannot be imported says what was expected, what was found, and where.
struct ImportErrorTests {
    @Test func invalidJSONGivesItsLineAndColumn() throws {
        let e = try #require(importError("[\n  {\"type\": \"function\",\n   \"function\": {\"name\": \"x\",}}\n]", file: "tools.json"))
        #expect(e.problems == [.init(line: 3, column: 29, message: "invalid JSON: expected a string key")])
        #expect(e.description == "tools.json:3:29: invalid JSON: expected a string key")
    }

    @Test func invalidYAMLGivesItsLineAndColumn() throws {
        let e = try #require(importError("openapi: 3.0.3\ninfo:\n  title: x\n version: 1\n", file: "api.yaml"))
        let p = try #require(e.problems.first)
        #expect(p.line == 4)
        #expect(p.column != nil)
        #expect(p.message.hasPrefix("invalid YAML: "))
        let tab = try #require(importError("openapi: 3.0.3\ninfo:\n\ttitle: x\n", file: "api.yaml"))
        #expect(tab.problems.first?.line == 3)
    }

    @Test func aFileThatIsNeitherSaysWhatWasExpectedAndFound() throws {
        let mapping = try #require(importError(#"{"name_of_thing": 1, "other": 2}"#, file: "thing.json"))
        #expect(mapping.description == "thing.json:1:1: " + ToolImport.expected + #"; found a mapping with the keys "name_of_thing", "other""#)
        let scalar = try #require(importError("hello\n", file: "thing.yaml"))
        #expect(scalar.description.hasSuffix(#"; found the value "hello""#))
        let swagger = try #require(importError("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", file: "old.yaml"))
        #expect(swagger.description == "old.yaml:1:10: Swagger 2.0 is not supported; convert the document to OpenAPI 3 first "
                + "(e.g. with swagger2openapi or editor.swagger.io)")
        let four = try #require(importError("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", file: "new.yaml"))
        #expect(four.description == #"new.yaml:1:10: OpenAPI "4.0.0" is not supported; expected 3.0.x or 3.1.x"#)
        let empty = try #require(importError("  \n", file: "empty.json"))
        #expect(empty.description == "empty.json: is empty; expected an OpenAI tools array or an OpenAPI document")
    }

    @Test func anInvalidOpenAPIDocumentSaysWhatIsWrongWhere() throws {
        let e = try #require(importError("""
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - {name: q, in: nowhere, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """, file: "api.yaml"))
        let p = try #require(e.problems.first)
        #expect(p.message.hasPrefix("not a valid OpenAPI 3.0.3 document: "))
        #expect(p.line == 8, "\(e)")
    }

    @Test func aParameterAndABodyPropertyOfOneNameAreAnErrorNamingBoth() throws {
        let e = try #require(importError("""
            openapi: 3.1.0
            info: {title: x, version: '1'}
            paths:
              /payments/{payment_id}/refunds:
                post:
                  operationId: refund
                  parameters:
                    - {name: payment_id, in: path, required: true, schema: {type: string}}
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            payment_id: {type: string}
                            amount: {type: number}
                  responses: {'200': {description: ok}}
            """, file: "api.yaml"))
        #expect(e.problems == [.init(line: 6, column: 7, message:
            #"POST /payments/{payment_id}/refunds (refund): the path parameter "payment_id" and the request body's property "#
            + #""payment_id" have the same name, and a tool's arguments are one set of names; rename one of them in the document"#)])
    }

    @Test func aToolOfTheWrongShapeIsNamedByItsPlaceInTheList() throws {
        let e = try #require(importError(#"[{"type": "function", "function": {"name": "a"}}, "b", {"type": "function", "function": {"description": "x"}}]"#,
                                         file: "tools.json"))
        #expect(e.description == """
            tools.json:1:51: [1]: expected a tool ({type: function, function: {name, description, parameters}}), found the value "b"
            tools.json:1:89: [2]: the function has no name
            """)
        let notObject = try #require(importError(#"[{"type": "function", "function": {"name": "a", "description": "b", "parameters": {"type": "string"}}}]"#,
                                                 file: "tools.json"))
        #expect(notObject.problems.first?.message == "[0]: parameters must be an object schema ({type: object, properties: {...}})")
    }

    @Test func aDocumentWithoutOperationsHasNoToolToImport() throws {
        let e = try #require(importError("""
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /f:
                get:
                  responses: {'200': {description: ok, content: {image/png: {schema: {type: string, format: binary}}}}}
            """, file: "api.yaml"))
        #expect(e.description == "api.yaml: has no tool to import:\n  skipped GET /f: its response body is not JSON (image/png)")
    }

    @Test func theOutputIsNotOverwrittenWithoutForce() throws {
        let folder = temporaryFolder("force")
        let input = folder.appendingPathComponent("tools.json")
        try Data(SupportTools.json.utf8).write(to: input)
        let output = folder.appendingPathComponent("tools/imported.yaml")
        let first = try ToolImport.run(input: input, output: output, force: false)
        #expect(first.tools.count == 4)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("- name: lookup_order"))
        try Data("keep me".utf8).write(to: output)
        #expect(throws: ToolImportError(file: output.path, "exists already; pass --force to overwrite it")) {
            try ToolImport.run(input: input, output: output, force: false)
        }
        #expect(try String(contentsOf: output, encoding: .utf8) == "keep me")
        _ = try ToolImport.run(input: input, output: output, force: true)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("- name: lookup_order"))
    }
}
