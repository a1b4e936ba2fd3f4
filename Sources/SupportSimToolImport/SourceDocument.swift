import Foundation
import SupportSimCore
import Yams

/// A JSON or YAML file read into a YAML node tree, which keeps the order of keys (so tools and
/// parameters come out in the order the file lists them) and every value's line and column.
/// Reading is bounded: the file's size, its nesting and the values its aliases expand to.
struct SourceDocument {
    enum Syntax: Sendable { case json, yaml }

    /// The most of a file that is read.
    static let maxBytes = 10 * 1024 * 1024
    /// Deeper nesting is refused before anything decodes it (decoders recurse).
    static let maxDepth = 200
    /// Values once aliases are expanded: a few lines of aliases can stand for billions.
    static let maxValues = 4_000_000

    /// The file as the user named it, for messages.
    let file: String
    let syntax: Syntax
    let root: Node

    /// Reads at most `maxBytes` (and one more, to tell that there is more).
    static func contents(of url: URL, file: String) throws(ToolImportError) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ToolImportError(file: file, "no such file")
        }
        guard !isFolder.boolValue else {
            throw ToolImportError(file: file, "is a folder; expected a JSON or YAML file")
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw ToolImportError(file: file, "cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= maxBytes else {
            throw ToolImportError(file: file, "is larger than 10 MiB, the most `tools import` reads; "
                                  + "import a smaller document (e.g. only the paths the agent calls)")
        }
        return data
    }

    init(data: Data, file: String) throws(ToolImportError) {
        self.file = file
        guard data.count <= Self.maxBytes else {
            throw ToolImportError(file: file, "is larger than 10 MiB, the most `tools import` reads")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ToolImportError(file: file, "is not UTF-8 text; expected a JSON or YAML file")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw ToolImportError(file: file, "is empty; expected an OpenAI tools array or an OpenAPI document")
        }
        syntax = Self.syntax(of: file, text: text)
        var yaml = text
        if syntax == .json {
            do { _ = try JSONValue.parse(text) } catch {
                let (line, column) = Self.lineAndColumn(ofByte: error.offset, in: bytes)
                throw ToolImportError(file: file, line: line, column: column, "invalid JSON: \(error.message)")
            }
            // Valid JSON has tabs only between tokens, where YAML (read next, for its order and
            // marks) does not take them in every place JSON does.
            if yaml.utf8.contains(0x09) { yaml = yaml.replacingOccurrences(of: "\t", with: " ") }
        }
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            let (line, column, message) = Self.describe(error)
            throw ToolImportError(file: file, line: line, column: column, message)
        } catch {
            throw ToolImportError(file: file, "cannot be read as YAML: \(error)")
        }
        guard let node else {
            throw ToolImportError(file: file, "holds no document; expected an OpenAI tools array or an OpenAPI document")
        }
        try Self.checkBounds(node, file: file)
        root = Self.plainKeys(node) ?? node
    }

    /// The tree with every quoted key made plain. Yams' decoder finds a key by the value its
    /// text resolves to unquoted, so JSON's `"200": {...}` (a string key) is missed as the
    /// status code 200. Unchanged subtrees are kept as they are (nil: nothing changed).
    private static func plainKeys(_ node: Node) -> Node? {
        switch node {
        case .mapping(let mapping):
            var changed = false
            var pairs: [(Node, Node)] = []
            pairs.reserveCapacity(mapping.count)
            for pair in mapping {
                var key = pair.key
                if case .scalar(let scalar) = key, scalar.style != .plain {
                    key = .scalar(Node.Scalar(scalar.string, .implicit, .plain, scalar.mark))
                    changed = true
                }
                let value = plainKeys(pair.value)
                if value != nil { changed = true }
                pairs.append((key, value ?? pair.value))
            }
            guard changed else { return nil }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            var changed = false
            let items = sequence.map { item -> Node in
                guard let new = plainKeys(item) else { return item }
                changed = true
                return new
            }
            return changed ? .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark)) : nil
        default:
            return nil
        }
    }

    /// JSON by its extension, else by its first character; YAML otherwise.
    static func syntax(of file: String, text: String) -> Syntax {
        let ext = (file as NSString).pathExtension.lowercased()
        if ext == "json" { return .json }
        if ext == "yaml" || ext == "yml" { return .yaml }
        let first = text.first { !$0.isWhitespace }
        return first == "{" || first == "[" ? .json : .yaml
    }

    static func lineAndColumn(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        let prefix = bytes.prefix(max(0, min(offset, bytes.count)))
        var line = 1
        var lineStart = prefix.startIndex
        for (i, b) in zip(prefix.indices, prefix) where b == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }

    /// Nesting and expanded size, walked without recursion.
    private static func checkBounds(_ root: Node, file: String) throws(ToolImportError) {
        var stack: [(Node, Int)] = [(root, 1)]
        var values = 0
        while let (node, depth) = stack.popLast() {
            values += 1
            if values > maxValues {
                throw ToolImportError(file: file, line: node.mark?.line, column: node.mark?.column,
                                      "its values (aliases expanded) are more than \(maxValues); refusing to read further")
            }
            if depth > maxDepth {
                throw ToolImportError(file: file, line: node.mark?.line, column: node.mark?.column,
                                      "nested more than \(maxDepth) levels deep")
            }
            switch node {
            case .scalar, .alias: continue
            case .sequence(let items): for item in items.reversed() { stack.append((item, depth + 1)) }
            case .mapping(let pairs):
                for pair in pairs.reversed() {
                    stack.append((pair.value, depth + 1))
                    stack.append((pair.key, depth + 1))
                }
            }
        }
    }

    /// Line, column and a message for a YAML error, in the words of what the file's author did.
    static func describe(_ error: YamlError) -> (Int?, Int?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if problem.contains("Maximum nesting level") {
                return (mark.line, mark.column, "nested more than 1000 levels deep")
            }
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            if problem.contains("cannot start any token") { message += "; quote the value" }
            if problem.contains("mapping values are not allowed") {
                message += "; quote a value that holds \": \", or indent a key like the keys around it"
            }
            return (mark.line, mark.column, message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, context.mark.column,
                    "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (nil, nil, "invalid YAML: \(problem)")
        default:
            return (nil, nil, "invalid YAML: \(error)")
        }
    }

    /// The line and column of the value a decoder's coding path leads to, or of the deepest
    /// value on the way there.
    func place(of codingPath: [any CodingKey]) -> (line: Int, column: Int)? {
        Self.place(in: root, of: codingPath)
    }

    static func place(in root: Node, of codingPath: [any CodingKey]) -> (line: Int, column: Int)? {
        var node = root
        var mark = root.mark
        for key in codingPath {
            if let next = child(of: node, key) {
                node = next
                mark = next.mark ?? mark
            } else {
                break
            }
        }
        return mark.map { ($0.line, $0.column) }
    }

    private static func child(of node: Node, _ key: any CodingKey) -> Node? {
        switch node {
        case .sequence(let items):
            guard let i = key.intValue, i >= 0, i < items.count else { return nil }
            return items[i]
        case .mapping(let pairs):
            return pairs.first { $0.key.string == key.stringValue }?.value
        default:
            return nil
        }
    }

    /// A mapping's value by key, comparing the key's text (a quoted "200" is the key 200).
    static func value(_ node: Node?, _ key: String) -> Node? {
        guard case .mapping(let pairs)? = node else { return nil }
        return pairs.first { $0.key.string == key }?.value
    }

    /// A mapping's keys, in order.
    static func keys(_ node: Node?) -> [String] {
        guard case .mapping(let pairs)? = node else { return [] }
        return pairs.compactMap { $0.key.string }
    }
}
