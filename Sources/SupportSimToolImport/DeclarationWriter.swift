import Foundation
import SupportSimCore
import Yams

/// Declarations as a `tools/*.yaml` file (docs/your-own-tools.md), written through Yams' node
/// API so that every string is quoted where YAML would read it otherwise (`"yes"`, `"10"`,
/// `": "`). Parameters are flow mappings (`{type: string, required: true}`) unless they hold an
/// object's properties; each `responses` stub has a TODO comment above it.
public enum DeclarationWriter {
    public static let todo = "# TODO: canned results; see docs/your-own-tools.md"

    /// The whole file. `source` names where the tools came from, for a comment at the top.
    public static func yaml(_ tools: [ToolDeclaration], source: (file: String, kind: ImportResult.Source)? = nil) throws(ToolImportError) -> String {
        let root = Node([
            (key("version"), Node("1")),
            (key("tools"), Node(tools.map(node), Tag(.seq), .block)),
        ], Tag(.map), .block)
        let body: String
        do {
            body = try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)
        } catch {
            throw ToolImportError(file: source?.file ?? "declarations", "cannot be written as YAML (\(error))")
        }
        var lines: [String] = []
        if let source {
            let file = SafeText.neutralized(source.file).replacingOccurrences(of: "\n", with: " ")
            lines.append("# Scaffolded by `supportsim tools import` from \(file) (\(source.kind)).")
            lines.append("# Each tool answers with the canned result under responses; fill them in.")
        }
        // A tool's keys sit two columns in (`- name:`, then `  responses:`); deeper text,
        // block scalars included, is indented further, so only a tool's own key matches.
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  responses:" { lines.append("  " + todo) }
            lines.append(String(line))
        }
        return lines.joined(separator: "\n")
    }

    static func node(_ tool: ToolDeclaration) -> Node {
        let parameters = tool.parameters.map { p in (key(p.name), node(p.schema, topLevelRequired: p.required)) }
        let responses = Node([Node([(key("result"), node(tool.resultStub))], Tag(.map), .block)], Tag(.seq), .block)
        return Node([
            (key("name"), string(tool.name)),
            (key("description"), string(tool.description)),
            (key("parameters"), Node(parameters, Tag(.map), .block)),
            (key("responses"), responses),
        ], Tag(.map), .block)
    }

    /// A property schema. At a parameter's top level `required` is true/false, inside an
    /// object the list of required properties; a required object parameter marks its required
    /// properties with `required: true` instead, as both cannot share the one key.
    static func node(_ schema: PropertySchema, topLevelRequired: Bool? = nil, requiredHere: Bool = false) -> Node {
        var pairs: [(Node, Node)] = [(key("type"), Node(schema.type.rawValue))]
        if topLevelRequired == true || requiredHere { pairs.append((key("required"), Node("true"))) }
        if let d = schema.description { pairs.append((key("description"), string(d))) }
        if !schema.enumValues.isEmpty {
            pairs.append((key("enum"), Node(schema.enumValues.map(scalar), Tag(.seq), .flow)))
        }
        if let d = schema.defaultValue { pairs.append((key("default"), scalar(d))) }
        if let items = schema.items { pairs.append((key("items"), node(items))) }
        let listsRequired = !(topLevelRequired == true || requiredHere)
        if !schema.properties.isEmpty {
            let inline = !listsRequired
            pairs.append((key("properties"), Node(schema.properties.map { p in
                (key(p.name), node(p.schema, requiredHere: inline && schema.required.contains(p.name)))
            }, Tag(.map), .block)))
        }
        if listsRequired && !schema.required.isEmpty {
            pairs.append((key("required"), Node(schema.required.map(string), Tag(.seq), .flow)))
        }
        return Node(pairs, Tag(.map), holdsProperties(schema) ? .block : .flow)
    }

    private static func holdsProperties(_ schema: PropertySchema) -> Bool {
        !schema.properties.isEmpty || (schema.items.map(holdsProperties) ?? false)
    }

    static func node(_ value: ResultValue) -> Node {
        switch value {
        case .null: return Node("null")
        case .bool(let b): return Node(b ? "true" : "false")
        case .number(let d): return Node(d.plainString)
        case .string(let s): return string(s)
        case .array(let items):
            let scalars = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            return Node(items.map(node), Tag(.seq), scalars ? .flow : .block)
        case .object(let fields):
            return Node(fields.map { (key($0.key), node($0.value)) }, Tag(.map), fields.isEmpty ? .flow : .block)
        }
    }

    static func scalar(_ value: JSONValue) -> Node {
        switch value {
        case .string(let s): return string(s)
        case .number(let d): return Node(d.plainString)
        case .bool(let b): return Node(b ? "true" : "false")
        default: return Node("null")
        }
    }

    static func key(_ text: String) -> Node { string(text) }

    /// A string that reads back as this string: quoted when YAML would resolve it to another
    /// type, a literal block when it spans lines.
    static func string(_ text: String) -> Node {
        if text.contains("\n") { return .scalar(Node.Scalar(text, Tag(.str), .literal)) }
        return .scalar(text.represented())
    }
}
