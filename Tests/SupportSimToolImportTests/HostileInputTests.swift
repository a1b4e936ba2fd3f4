import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// Documents come from elsewhere: reading one is bounded in size, depth and expansion, and no
/// input crashes the importer.
struct HostileInputTests {
    @Test func aFileOver10MiBIsRefusedBeforeItIsRead() throws {
        let folder = temporaryFolder("huge")
        let url = folder.appendingPathComponent("huge.json")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(SourceDocument.maxBytes + 1))
        try handle.close()
        #expect(throws: ToolImportError(file: "huge.json", "is larger than 10 MiB, the most `tools import` reads; "
                                        + "import a smaller document (e.g. only the paths the agent calls)")) {
            try ToolImport.read(contentsOf: url, file: "huge.json")
        }
    }

    @Test func deepJSONIsRefusedWithItsPlace() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = try #require(importError(deep, file: "deep.json"))
        #expect(e.problems == [.init(line: 1, column: 513, message: "invalid JSON: nesting too deep")])
        // Within the JSON reader's bound, beyond the importer's.
        let d300 = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(importError(d300, file: "deep.json")?.problems.first?.message == "nested more than 200 levels deep")
    }

    @Test func deepYAMLIsRefused() throws {
        let flow = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(importError(flow, file: "deep.yaml")?.problems.first?.message == "nested more than 1000 levels deep")
        var block = ""
        for level in 0..<300 { block += String(repeating: " ", count: level) + "a:\n" }
        block += String(repeating: " ", count: 300) + "b: 1\n"
        #expect(importError(block, file: "deep.yaml")?.problems.first?.message == "nested more than 200 levels deep")
    }

    @Test func anAliasBombIsRefusedQuickly() throws {
        var lines = ["openapi: 3.0.3", "info: {title: x, version: '1'}", "x-bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append("  a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]")
        }
        let start = Date()
        let e = try #require(importError(lines.joined(separator: "\n") + "\npaths: {}\n", file: "bomb.yaml"))
        #expect(e.problems.first?.message == "its values (aliases expanded) are more than \(SourceDocument.maxValues); refusing to read further")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// A body schema nested 95 levels (the most the document's bound lets through).
    @Test func aDeeplyNestedSchemaIsCutAtTheFormatsFiveLevels() throws {
        var schema = "{type: string}"
        for _ in 0..<95 { schema = "{type: object, properties: {x: \(schema)}}" }
        let r = try imported("""
            openapi: 3.0.3
            info: {title: x, version: '1'}
            paths:
              /a:
                post:
                  operationId: deep
                  requestBody: {content: {application/json: {schema: \(schema)}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: \(schema)}}}}
            """, file: "deep.yaml")
        var levels = 0
        var s: PropertySchema? = try r.tool("deep").parameter("x")?.schema
        while let current = s, let next = current.property("x") { levels += 1; s = next }
        #expect(levels == SchemaConverter.maxNesting)
        #expect(r.warnings.contains("deep: x.x.x.x.x.x: nested deeper than 5 levels, the most declared tools take; its items or properties are left out"))
    }

    @Test func aSchemaThatContainsItselfStopsWithAWarning() throws {
        let r = try imported("""
            openapi: 3.1.0
            info: {title: x, version: '1'}
            paths:
              /nodes:
                post:
                  operationId: addNode
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    name: {type: string}
                    parent: {$ref: '#/components/schemas/Node'}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            """, file: "tree.yaml")
        let tool = try r.tool("addNode")
        #expect(tool.parameters.map(\.name) == ["name", "parent", "children"])
        #expect(tool.parameter("parent")?.schema == PropertySchema(type: .object))
        #expect(tool.parameter("children")?.schema == PropertySchema(type: .array, items: PropertySchema(type: .object)))
        #expect(r.warnings.contains("addNode: parent: #/components/schemas/Node contains itself; the recursion stops here (written as type object)"))
        #expect(tool.resultStub == .object([.init("name", .string("")), .init("parent", .emptyObject), .init("children", .array([]))]))
    }

    @Test func referencesThatMultiplyAreBounded() throws {
        // Each level is a oneOf of ten references to the next: 10^7 schemas once expanded.
        var schemas = ["    S7: {type: string, enum: [a]}"]
        for level in (0..<7).reversed() {
            let refs = Array(repeating: "{$ref: '#/components/schemas/S\(level + 1)'}", count: 10).joined(separator: ", ")
            schemas.append("    S\(level): {oneOf: [\(refs)]}")
        }
        let start = Date()
        let r = try imported("""
            openapi: 3.1.0
            info: {title: x, version: '1'}
            paths:
              /a:
                get:
                  operationId: many
                  parameters: [{name: q, in: query, schema: {$ref: '#/components/schemas/S0'}}]
                  responses: {'200': {description: ok}}
            components:
              schemas:
            \(schemas.joined(separator: "\n"))
            """, file: "many.yaml")
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(try r.tool("many").parameter("q")?.schema.type == .string)
        #expect(r.warnings.contains { $0.contains("more than \(SchemaConverter.maxSchemas) schemas in one tool") })
    }

    @Test func controlCharactersInNamesAreNeutralizedInMessages() throws {
        let e = try #require(importError(#"{"\u001b[2Jboom": 1}"#, file: "x.json"))
        #expect(!e.description.contains("\u{1b}"))
        #expect(e.description.contains(#"\u{1b}[2Jboom"#))
    }

    @Test func notUTF8IsRefused() throws {
        let e = try #require(importError(Data([0xFF, 0xFE, 0x00, 0x5B]), file: "x.json"))
        #expect(e.description == "x.json: is not UTF-8 text; expected a JSON or YAML file")
    }
}
