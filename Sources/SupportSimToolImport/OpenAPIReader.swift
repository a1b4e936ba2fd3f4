import Foundation
import OpenAPIKit
import Yams

/// One tool per operation of an OpenAPI document, in the document's order. Arguments are the
/// path, query and header parameters and the top-level properties of the JSON request body;
/// the result stub is the 2xx JSON response's example, or a skeleton of its schema.
struct OpenAPIReader {
    let source: SourceDocument

    /// Headers OpenAPI itself says to ignore as parameters.
    static let ignoredHeaders: Set<String> = ["accept", "content-type", "authorization"]

    func read() throws(ToolImportError) -> ImportResult {
        let (document, version) = try OpenAPIDecoding.document(source)
        let components = document.components
        let resolver = SchemaResolver(components: components, root: source.root)
        let rawPaths = SourceDocument.value(source.root, "paths")
        var tools: [ToolDeclaration] = []
        var warnings: [String] = []
        var problems: [ToolImportError.Problem] = []
        var taken = Set<String>()

        for (path, itemOrReference) in document.paths {
            let pathText = path.rawValue
            guard let item = components[itemOrReference] else {
                warnings.append("skipped \(pathText): its $ref cannot be followed (only references inside the document are)")
                continue
            }
            let rawItem = Self.rawPathItem(rawPaths, path)
            let methodOrder = SourceDocument.keys(rawItem).map { $0.uppercased() }
            let endpoints = item.endpoints.enumerated().sorted { a, b in
                let ia = methodOrder.firstIndex(of: a.element.method.rawValue.uppercased()) ?? Int.max
                let ib = methodOrder.firstIndex(of: b.element.method.rawValue.uppercased()) ?? Int.max
                return ia != ib ? ia < ib : a.offset < b.offset
            }.map(\.element)

            for endpoint in endpoints {
                let rawOperation = SourceDocument.keys(rawItem).first { $0.uppercased() == endpoint.method.rawValue.uppercased() }
                    .flatMap { SourceDocument.value(rawItem, $0) }
                var operation = OperationReading(
                    route: "\(endpoint.method.rawValue.uppercased()) \(pathText)", operation: endpoint.operation,
                    pathParameters: item.parameters, components: components,
                    converter: SchemaConverter(resolver: resolver))
                let name = ToolNames.unique(operation.proposedName(path: pathText), among: taken)
                if name != operation.proposedName(path: pathText) {
                    warnings.append("\(operation.route): a second tool named \(operation.proposedName(path: pathText)) is written as \(name)")
                }
                switch operation.read(name: name) {
                case .tool(let tool):
                    taken.insert(name)
                    tools.append(tool)
                case .skipped(let why):
                    warnings.append("skipped \(operation.route): \(why)")
                case .invalid(let messages):
                    for m in messages {
                        problems.append(.init(line: rawOperation?.mark?.line, column: rawOperation?.mark?.column, message: m))
                    }
                }
                warnings += operation.warnings + operation.converter.warnings
            }
        }
        guard problems.isEmpty else { throw ToolImportError(file: source.file, problems: problems) }
        return ImportResult(source: .openAPI(version: version), tools: tools, warnings: warnings)
    }

    /// The document's own entry for a path (for the order of its methods and for places).
    private static func rawPathItem(_ rawPaths: Node?, _ path: OpenAPI.Path) -> Node? {
        guard case .mapping(let pairs)? = rawPaths else { return nil }
        return pairs.first { pair in pair.key.string.map { OpenAPI.Path(rawValue: $0) == path } ?? false }?.value
    }
}

/// One operation read into a tool.
struct OperationReading {
    enum Outcome {
        case tool(ToolDeclaration)
        case skipped(String)
        case invalid([String])
    }

    let route: String
    let operation: OpenAPI.Operation
    let pathParameters: OpenAPI.Parameter.Array
    let components: OpenAPI.Components
    var converter: SchemaConverter
    var warnings: [String] = []

    init(route: String, operation: OpenAPI.Operation, pathParameters: OpenAPI.Parameter.Array,
         components: OpenAPI.Components, converter: SchemaConverter)
    {
        self.route = route
        self.operation = operation
        self.pathParameters = pathParameters
        self.components = components
        self.converter = converter
    }

    /// The operationId made a valid name (`payments.get` -> `payments_get`), else method and path.
    func proposedName(path: String) -> String {
        if let id = operation.operationId, !id.isEmpty { return ToolNames.isValid(id) ? id : ToolNames.sanitized(id) }
        return ToolNames.fromRoute(method: route.prefix { $0 != " " }.description, path: path)
    }

    mutating func read(name: String) -> Outcome {
        let label = operation.operationId.map { "\(route) (\($0))" } ?? route

        // The result first: an operation whose answer is a file is no tool for an agent.
        let result: ResultValue
        switch resultStub(name) {
        case .success(let value): result = value
        case .failure(let why): return .skipped(why.text)
        }

        var parameters: [(parameter: ToolParameter, origin: String)] = []
        var clashes: [String] = []
        func add(_ parameter: ToolParameter, _ origin: String) {
            if let other = parameters.first(where: { $0.parameter.name == parameter.name }) {
                clashes.append("\(label): the \(other.origin) \"\(other.parameter.name)\" and the \(origin) "
                               + "\"\(parameter.name)\" have the same name, and a tool's arguments are one set of "
                               + "names; rename one of them in the document")
            } else {
                parameters.append((parameter, origin))
            }
        }

        for parameter in mergedParameters() {
            let location = parameter.location
            switch location {
            case .cookie, .querystring:
                warnings.append("\(name): the \(location.rawValue) parameter \(parameter.name) is left out")
                continue
            case .header where OpenAPIReader.ignoredHeaders.contains(parameter.name.lowercased()):
                continue
            default:
                break
            }
            guard let schema = schema(of: parameter) else {
                warnings.append("\(name): the \(location.rawValue) parameter \(parameter.name) has no schema; written as type string")
                add(ToolParameter(name: parameter.name, schema: PropertySchema(type: .string, description: SchemaConverter.text(parameter.description)),
                                  required: parameter.required), "\(location.rawValue) parameter")
                continue
            }
            var property = converter.property(schema, "\(name): \(parameter.name)")
            if let d = SchemaConverter.text(parameter.description) { property.description = d }
            add(ToolParameter(name: parameter.name, schema: property, required: parameter.required), "\(location.rawValue) parameter")
        }

        if let bodyOrReference = operation.requestBody {
            guard let body = try? components.lookup(bodyOrReference) else {
                return .skipped("its request body's $ref cannot be followed")
            }
            if !body.content.isEmpty {
                guard let (_, content) = jsonContent(body.content, acceptingForms: true) else {
                    return .skipped("its request body is not JSON (\(body.content.keys.map(\.rawValue).joined(separator: ", ")))")
                }
                if let schema = content.schema {
                    if let properties = converter.parameters(ofObject: schema, "\(name): ") {
                        for p in properties { add(p, "request body's property") }
                    } else {
                        warnings.append("\(name): the request body is not an object; it is the one parameter body")
                        var property = converter.property(schema, "\(name): body")
                        if property.description == nil { property.description = SchemaConverter.text(body.description) }
                        add(ToolParameter(name: "body", schema: property, required: body.required), "request body")
                    }
                }
            }
        }
        guard clashes.isEmpty else { return .invalid(clashes) }

        return .tool(ToolDeclaration(name: name, description: description(), parameters: parameters.map(\.parameter),
                                     resultStub: result))
    }

    /// Summary and description; the route when there is neither.
    private func description() -> String {
        let summary = SchemaConverter.text(operation.summary)
        let long = SchemaConverter.text(operation.description)
        switch (summary, long) {
        case (let s?, let d?): return s == d ? s : "\(s)\n\n\(d)"
        case (let s?, nil): return s
        case (nil, let d?): return d
        case (nil, nil): return route
        }
    }

    /// The path item's parameters with the operation's, which replace those of the same name
    /// and location.
    private mutating func mergedParameters() -> [OpenAPI.Parameter] {
        var out: [OpenAPI.Parameter] = []
        for either in pathParameters + operation.parameters {
            guard let parameter = try? components.lookup(either) else {
                warnings.append("\(route): a parameter's $ref cannot be followed; it is left out")
                continue
            }
            if let i = out.firstIndex(where: { $0.name == parameter.name && $0.location == parameter.location }) {
                out[i] = parameter
            } else {
                out.append(parameter)
            }
        }
        return out
    }

    private func schema(of parameter: OpenAPI.Parameter) -> JSONSchema? {
        switch parameter.schemaOrContent {
        case .a(let context): return context.schema.flattenToJsonSchema()
        case .b(let contentMap): return jsonContent(contentMap, acceptingForms: false)?.1.schema
        }
    }

    /// The JSON entry of a content map (application/json, then *+json, then forms and */*).
    private func jsonContent(_ map: OpenAPI.Content.Map, acceptingForms: Bool) -> (OpenAPI.ContentType, OpenAPI.Content)? {
        var ranked: [(Int, OpenAPI.ContentType, OpenAPI.Content)] = []
        for (type, either) in map {
            guard let content = try? components.lookup(either) else { continue }
            let t = type.typeAndSubtype.lowercased()
            let rank: Int? =
                if t == "application/json" { 0 }
                else if t.hasSuffix("+json") || t == "text/json" { 1 }
                else if acceptingForms && t == "application/x-www-form-urlencoded" { 2 }
                else if t == "*/*" || t == "application/*" { 3 }
                else { nil }
            if let rank { ranked.append((rank, type, content)) }
        }
        return ranked.min { $0.0 < $1.0 }.map { ($0.1, $0.2) }
    }

    struct Skip: Error { let text: String }

    /// From the first 2xx response (else `default`): its JSON example, else a skeleton of its
    /// schema; `{}` without content; "" for text. Other content (files) skips the operation.
    private mutating func resultStub(_ name: String) -> Result<ResultValue, Skip> {
        let responses = operation.responses
        let chosen = responses.first { $0.key.isSuccess } ?? responses.first { $0.key == .default }
        guard let (_, either) = chosen else { return .success(.emptyObject) }
        guard let response = try? components.lookup(either) else {
            warnings.append("\(name): its response's $ref cannot be followed; the result stub is {}")
            return .success(.emptyObject)
        }
        if response.content.isEmpty { return .success(.emptyObject) }
        guard let (_, content) = jsonContent(response.content, acceptingForms: false) else {
            if response.content.keys.contains(where: { $0.typeAndSubtype.lowercased().hasPrefix("text/") }) {
                return .success(.string(""))
            }
            return .failure(Skip(text: "its response body is not JSON (\(response.content.keys.map(\.rawValue).joined(separator: ", ")))"))
        }
        let place = "\(name): result"
        if let example = example(of: content) {
            return .success(converter.result(example: example, schema: content.schema, place))
        }
        if let schema = content.schema { return .success(converter.skeleton(schema, place)) }
        return .success(.emptyObject)
    }

    /// The media type's example, its first named example, or its schema's first example.
    private mutating func example(of content: OpenAPI.Content) -> Any? {
        if let example = content.example { return example.value }
        for (_, either) in content.examples ?? [:] {
            if let example = try? components.lookup(either), let value = example.dataOrLegacyValue { return value.value }
        }
        if let schema = content.schema {
            var refs: [String] = []
            if let resolved = converter.dereferenced(schema, "", refs: &refs), let first = resolved.examples.first {
                return first.value
            }
        }
        return nil
    }
}
