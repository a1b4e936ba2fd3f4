import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing
import Yams

/// The file is exactly the declared-tools format, and reads back as what was written.
struct DeclarationWriterTests {
    @Test func aDeclarationIsWrittenInTheFormat() throws {
        let address = PropertySchema(type: .object, properties: [.init(name: "zip", schema: .string()), .init(name: "city", schema: .string())],
                                     required: ["zip"])
        let tool = ToolDeclaration(name: "payments_refund", description: "Refund part or all of a payment.", parameters: [
            ToolParameter(name: "payment_id", schema: .string("The payment's id."), required: true),
            ToolParameter(name: "amount", schema: PropertySchema(type: .number), required: true),
            ToolParameter(name: "reason", schema: .string(enum: ["duplicate", "fraud", "customer_request"]), required: false),
            ToolParameter(name: "items", schema: PropertySchema(type: .array, items: .string()), required: false),
            ToolParameter(name: "address", schema: address, required: false),
        ], resultStub: .object([
            .init("refund_id", .string("")), .init("status", .string("pending")), .init("amount", .number(0)),
            .init("lines", .array([])),
        ]))
        #expect(try DeclarationWriter.yaml([tool]) == """
            version: 1
            tools:
            - name: payments_refund
              description: Refund part or all of a payment.
              parameters:
                payment_id: {type: string, required: true, description: The payment's id.}
                amount: {type: number, required: true}
                reason: {type: string, enum: [duplicate, fraud, customer_request]}
                items: {type: array, items: {type: string}}
                address:
                  type: object
                  properties:
                    zip: {type: string}
                    city: {type: string}
                  required: [zip]
              # TODO: canned results; see docs/your-own-tools.md
              responses:
              - result:
                  refund_id: ''
                  status: pending
                  amount: 0
                  lines: []

            """)
    }

    @Test func aRequiredObjectParameterMarksItsRequiredPropertiesInline() throws {
        // `required` at a parameter's top level is true/false, so the object's list moves onto
        // its properties.
        let tool = ToolDeclaration(name: "update_address", description: "Change an address.", parameters: [
            ToolParameter(name: "address", schema: PropertySchema(type: .object, properties: [
                .init(name: "street", schema: .string()), .init(name: "zip", schema: .string()),
            ], required: ["zip"]), required: true),
        ], resultStub: .emptyObject)
        #expect(try DeclarationWriter.yaml([tool]) == """
            version: 1
            tools:
            - name: update_address
              description: Change an address.
              parameters:
                address:
                  type: object
                  required: true
                  properties:
                    street: {type: string}
                    zip: {type: string, required: true}
              # TODO: canned results; see docs/your-own-tools.md
              responses:
              - result: {}

            """)
    }

    @Test func stringsThatYAMLWouldReadAsOtherValuesAreQuoted() throws {
        let tool = ToolDeclaration(name: "odd", description: "Amount: in cents # not a comment", parameters: [
            ToolParameter(name: "on", schema: .string("yes", enum: ["yes", "no", "10", "null", "~", "1e3", "- x", ""], default: "true"),
                          required: false),
        ], resultStub: .object([.init("off", .string("0x1F")), .init("when", .string("2026-01-01")), .init("n", .number(49.9))]))
        let text = try DeclarationWriter.yaml([tool])
        let read = try #require(try Yams.load(yaml: text) as? [String: Any])
        let t = try #require((read["tools"] as? [[String: Any]])?.first)
        #expect(t["description"] as? String == "Amount: in cents # not a comment")
        let p = try #require((t["parameters"] as? [String: Any])?["on"] as? [String: Any], "the key on stays a string: \(text)")
        #expect(p["description"] as? String == "yes")
        #expect(p["enum"] as? [String] == ["yes", "no", "10", "null", "~", "1e3", "- x", ""])
        #expect(p["default"] as? String == "true")
        let result = try #require(((t["responses"] as? [[String: Any]])?.first?["result"]) as? [String: Any])
        #expect(result["off"] as? String == "0x1F")
        #expect(result["when"] as? String == "2026-01-01")
        #expect(result["n"] as? Double == 49.9)
    }

    @Test func aDescriptionOverLinesIsALiteralBlock() throws {
        let tool = ToolDeclaration(name: "t", description: "First line.\n\nSecond: with a colon.", parameters: [
            ToolParameter(name: "p", schema: .string("One\nTwo"), required: false),
        ], resultStub: .emptyObject)
        let text = try DeclarationWriter.yaml([tool])
        #expect(text.contains("  description: |-\n    First line.\n\n    Second: with a colon.\n"))
        #expect(try FormatReader.tools(text) == [tool])
    }

    @Test func controlCharactersAndOddSpacesReadBack() throws {
        let odd = "a\u{0}b\u{1b}[2J\u{7f}\u{85}\u{2028}\u{feff}\t c  "
        let tool = ToolDeclaration(name: "t", description: odd, parameters: [
            ToolParameter(name: odd, schema: .string(odd, enum: [.string(odd), " lead", "trail "]), required: true),
        ], resultStub: .object([.init(odd, .string(odd)), .init("", .array([.string(odd), .null, .bool(true)]))]))
        #expect(try FormatReader.tools(try DeclarationWriter.yaml([tool])) == [tool])
    }

    @Test(arguments: [("payments.yaml", PaymentsHelpDesk30.yaml), ("payments.json", PaymentsHelpDesk31.json),
                      ("tools.json", SupportTools.json)])
    func everyFixtureReadsBackAsItsDeclarations(_ file: String, _ text: String) throws {
        let result = try imported(text, file: file)
        let yaml = try DeclarationWriter.yaml(result.tools, source: (file, result.source))
        #expect(try FormatReader.tools(yaml) == result.tools)
        // One TODO above each stub.
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let todos = lines.indices.filter { lines[$0] == "  " + DeclarationWriter.todo }
        #expect(todos.count == result.tools.count)
        #expect(todos.allSatisfy { lines[$0 + 1] == "  responses:" })
        #expect(yaml.hasPrefix("# Scaffolded by `supportsim tools import` from \(file) (\(result.source)).\n"))
    }
}

/// The declared-tools format read back (the parts an import writes), to check the writer
/// against the format rather than against its own code.
enum FormatReader {
    static func tools(_ yaml: String) throws -> [ToolDeclaration] {
        let root = try #require(try Yams.compose(yaml: yaml))
        #expect(root["version"]?.int == 1)
        return try #require(root["tools"]?.sequence).map { t in
            #expect(t.mapping?.keys.compactMap(\.string) == ["name", "description", "parameters", "responses"])
            let parameters = (t["parameters"]?.mapping ?? [:]).map { pair in
                ToolParameter(name: pair.key.string ?? "", schema: schema(pair.value), required: pair.value["required"]?.bool == true)
            }
            let responses = t["responses"]?.sequence ?? []
            #expect(responses.count == 1)
            return ToolDeclaration(name: t["name"]?.string ?? "", description: t["description"]?.string ?? "",
                                   parameters: parameters, resultStub: value(responses.first?["result"] ?? Node("null")))
        }
    }

    static func schema(_ node: Node) -> PropertySchema {
        let keys = Set(node.mapping?.keys.compactMap(\.string) ?? [])
        #expect(keys.isSubset(of: ["type", "description", "enum", "items", "properties", "required", "default"]), "\(keys)")
        var s = PropertySchema(type: PropertySchema.Kind(rawValue: node["type"]?.string ?? "") ?? .string,
                               description: node["description"]?.string)
        s.enumValues = (node["enum"]?.sequence ?? []).map { scalar($0) }
        s.defaultValue = node["default"].map(scalar)
        s.items = node["items"].map(schema)
        for pair in node["properties"]?.mapping ?? [:] {
            let name = pair.key.string ?? ""
            s.properties.append(.init(name: name, schema: schema(pair.value)))
            if pair.value["required"]?.bool == true { s.required.append(name) }
        }
        for name in node["required"]?.sequence?.compactMap(\.string) ?? [] where !s.required.contains(name) {
            s.required.append(name)
        }
        s.required.sort { a, b in
            (s.properties.firstIndex { $0.name == a } ?? 0) < (s.properties.firstIndex { $0.name == b } ?? 0)
        }
        return s
    }

    static func scalar(_ node: Node) -> JSONValue {
        if node.scalar?.style != .plain && node.scalar?.style != .any { return .string(node.string ?? "") }
        if let b = node.bool { return .bool(b) }
        if node.null != nil { return .null }
        if node.int != nil || node.float != nil, let d = Decimal(exactly: node.string ?? "") { return .number(d) }
        return .string(node.string ?? "")
    }

    static func value(_ node: Node) -> ResultValue {
        switch node {
        case .mapping(let m): return .object(m.map { .init($0.key.string ?? "", value($0.value)) })
        case .sequence(let s): return .array(s.map(value))
        default:
            switch scalar(node) {
            case .bool(let b): return .bool(b)
            case .number(let d): return .number(d)
            case .string(let s): return .string(s)
            default: return .null
            }
        }
    }
}
