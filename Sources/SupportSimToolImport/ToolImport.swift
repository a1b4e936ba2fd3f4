import Foundation
import Yams

/// What an import read: the tools, and what it left out or changed on the way.
public struct ImportResult: Sendable, Equatable {
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case openAITools
        case openAPI(version: String)

        public var description: String {
            switch self {
            case .openAITools: return "OpenAI tools"
            case .openAPI(let version): return "OpenAPI \(version)"
            }
        }
    }

    public var source: Source
    public var tools: [ToolDeclaration]
    /// One line each: "skipped GET /files/{id}/download: its response body is not JSON (application/pdf)".
    public var warnings: [String]

    public init(source: Source, tools: [ToolDeclaration], warnings: [String]) {
        self.source = source
        self.tools = tools
        self.warnings = warnings
    }
}

/// `supportsim tools import`: tool declarations scaffolded from an OpenAI tools array (or a
/// chat-completions request holding one) or an OpenAPI 3.0 / 3.1 document, JSON or YAML.
public enum ToolImport {
    /// Reads a document's tools. `file` names it in messages (and by its extension, .json or
    /// .yaml, says which syntax to read).
    public static func read(_ data: Data, file: String) throws(ToolImportError) -> ImportResult {
        try onLargeStack { () throws(ToolImportError) -> ImportResult in
            let source = try SourceDocument(data: data, file: file)
            let result = try tools(in: source)
            guard !result.tools.isEmpty else {
                let why = result.warnings.isEmpty ? "" : ":\n" + result.warnings.map { "  \($0)" }.joined(separator: "\n")
                throw ToolImportError(file: file, "has no tool to import" + why)
            }
            return result
        }
    }

    /// Reads a file of at most 10 MiB.
    public static func read(contentsOf url: URL, file: String? = nil) throws(ToolImportError) -> ImportResult {
        let name = file ?? url.path
        return try read(SourceDocument.contents(of: url, file: name), file: name)
    }

    /// Imports `input` and writes the declarations to `output`, which must not exist unless
    /// `force`. Folders on the way are created; nothing is written when the import fails.
    public static func run(input: URL, output: URL, inputName: String? = nil, outputName: String? = nil,
                           force: Bool) throws(ToolImportError) -> ImportResult
    {
        let outName = outputName ?? output.path
        let result = try read(contentsOf: input, file: inputName)
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: output.path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw ToolImportError(file: outName, "is a folder; --out names the file to write") }
            if !force { throw ToolImportError(file: outName, "exists already; pass --force to overwrite it") }
        }
        let text = try DeclarationWriter.yaml(result.tools, source: (inputName ?? input.lastPathComponent, result.source))
        do {
            try fm.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: output, options: .atomic)
        } catch {
            throw ToolImportError(file: outName, "cannot be written (\(error.localizedDescription))")
        }
        return result
    }

    /// Read by the reader the document's top level calls for.
    static func tools(in source: SourceDocument) throws(ToolImportError) -> ImportResult {
        let root = source.root
        switch root {
        case .sequence(let list):
            return try OpenAIToolsReader(document: source, listKey: nil).read(list)
        case .mapping:
            if SourceDocument.value(root, "openapi") != nil {
                return try OpenAPIReader(source: source).read()
            }
            if let swagger = SourceDocument.value(root, "swagger") {
                throw ToolImportError(file: source.file, line: swagger.mark?.line, column: swagger.mark?.column,
                                      "Swagger 2.0 is not supported; convert the document to OpenAPI 3 first "
                                      + "(e.g. with swagger2openapi or editor.swagger.io)")
            }
            if let tools = SourceDocument.value(root, "tools") {
                guard case .sequence(let list) = tools else {
                    throw ToolImportError(file: source.file, line: tools.mark?.line, column: tools.mark?.column,
                                          "expected tools to be a list of {type: function, function: {...}}, "
                                          + "found \(OpenAIToolsReader.kindName(tools))")
                }
                return try OpenAIToolsReader(document: source, listKey: "tools").read(list)
            }
            if SourceDocument.value(root, "name") != nil,
                SourceDocument.value(root, "parameters") != nil || SourceDocument.value(root, "function") != nil
            {
                // One tool on its own.
                return try OpenAIToolsReader(document: source, listKey: nil).read(Node.Sequence([root]))
            }
            let keys = SourceDocument.keys(root).prefix(6).map { "\"\($0.prefix(40))\"" }
            throw ToolImportError(file: source.file, line: root.mark?.line, column: root.mark?.column,
                                  "\(Self.expected); found a mapping with the keys \(keys.joined(separator: ", "))"
                                  + (SourceDocument.keys(root).count > 6 ? ", ..." : ""))
        default:
            throw ToolImportError(file: source.file, line: root.mark?.line, column: root.mark?.column,
                                  "\(Self.expected); found \(OpenAIToolsReader.kindName(root))")
        }
    }

    static let expected = "expected an OpenAI tools array ([{type: function, function: {name, description, parameters}}]), "
        + "a chat-completions request with a tools list, or an OpenAPI 3.0 / 3.1 document (openapi: 3.x)"

    /// Decoders recurse; the document's nesting is bounded, and this stack holds that bound
    /// whatever thread calls (a test's, the CLI's).
    static func onLargeStack<T: Sendable>(_ body: @escaping @Sendable () throws(ToolImportError) -> T) throws(ToolImportError) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do throws(ToolImportError) { box.result = .success(try body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        done.wait()
        return try box.result!.get()
    }
}

/// Hands a result from the thread that computed it to the one waiting (after the semaphore).
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, ToolImportError>?
}
