import Foundation
import OpenAPIKit
import Yams

/// Tools from OpenAI function definitions: the `tools` of a chat-completions request
/// (`[{type: function, function: {name, description, parameters}}]`), the Responses API's flat
/// `{type: function, name, description, parameters}`, or MCP's `{name, description, inputSchema}`.
/// They say nothing of results, so each result stub is `{}`.
struct OpenAIToolsReader {
    let document: SourceDocument
    /// Where the list is: `tools` in a request, empty for a list at the top.
    let listKey: String?

    func read(_ list: Node.Sequence) throws(ToolImportError) -> ImportResult {
        var tools: [ToolDeclaration] = []
        var warnings: [String] = []
        var problems: [ToolImportError.Problem] = []
        var taken = Set<String>()
        for (i, item) in list.enumerated() {
            let label = listKey.map { "\($0)[\(i)]" } ?? "[\(i)]"
            func problem(_ node: Node, _ message: String) {
                problems.append(.init(line: node.mark?.line, column: node.mark?.column, message: "\(label): \(message)"))
            }
            guard case .mapping = item else {
                problem(item, "expected a tool ({type: function, function: {name, description, parameters}}), "
                        + "found \(Self.kindName(item))")
                continue
            }
            if let type = SourceDocument.value(item, "type")?.string, type != "function" {
                warnings.append("skipped \(label): its type is \(type), not function")
                continue
            }
            let function = SourceDocument.value(item, "function") ?? item
            guard case .mapping = function else {
                problem(function, "expected function to be a mapping {name, description, parameters}, found \(Self.kindName(function))")
                continue
            }
            guard let nameNode = SourceDocument.value(function, "name"), let source = nameNode.string,
                case .scalar = nameNode, !source.isEmpty
            else {
                problem(function, "the function has no name")
                continue
            }
            var name = ToolNames.isValid(source) ? source : ToolNames.sanitized(source)
            if name != source { warnings.append("\(label): the name \"\(source)\" is written as \(name)") }
            let unique = ToolNames.unique(name, among: taken)
            if unique != name { warnings.append("\(label): a second tool named \(name) is written as \(unique)") }
            name = unique
            taken.insert(name)

            var description = SchemaConverter.text(SourceDocument.value(function, "description")?.string)
            if description == nil {
                warnings.append("\(name): has no description; its name is written instead (an agent reads it, so describe the tool)")
                description = name.replacingOccurrences(of: "_", with: " ")
            }

            var parameters: [ToolParameter] = []
            if let schemaNode = SourceDocument.value(function, "parameters") ?? SourceDocument.value(function, "inputSchema") {
                let schema: JSONSchema
                do {
                    schema = try SchemaResolver.decoder.decode(JSONSchema.self, from: schemaNode, userInfo: SchemaResolver.userInfo)
                } catch {
                    let place = SourceDocument.place(in: schemaNode, of: OpenAPI.Error(from: error).codingPath)
                    problems.append(.init(line: place?.line, column: place?.column,
                                          message: "\(label): parameters is not a JSON Schema: \(OpenAPI.Error(from: error).localizedDescription)"))
                    continue
                }
                var converter = SchemaConverter(resolver: SchemaResolver(root: schemaNode))
                if case .fragment = schema.value, case .mapping(let keys) = schemaNode, keys.isEmpty {
                    // `parameters: {}`: a function without arguments.
                    tools.append(ToolDeclaration(name: name, description: description ?? name, parameters: [], resultStub: .emptyObject))
                    continue
                }
                guard let found = converter.parameters(ofObject: schema, "\(name): ") else {
                    problem(schemaNode, "parameters must be an object schema ({type: object, properties: {...}})")
                    continue
                }
                parameters = found
                warnings += converter.warnings
            }
            tools.append(ToolDeclaration(name: name, description: description ?? name, parameters: parameters,
                                         resultStub: .emptyObject))
        }
        guard problems.isEmpty else { throw ToolImportError(file: document.file, problems: problems) }
        return ImportResult(source: .openAITools, tools: tools, warnings: warnings)
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "the value \"\(s.string.prefix(40))\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}
