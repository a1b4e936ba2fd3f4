import Foundation
import SupportSimCore

/// The YAML of golden files, written by hand so that the bytes are ours to fix: block mappings
/// with sorted keys, two-space indents, and every scalar in flow style with double-quoted strings.
/// Quoted strings escape what YAML would otherwise fold or reject (control characters, NEL,
/// the Unicode line and paragraph separators, BOM), so any YAML parser reads back the exact text.
///
/// Because every scalar and flow collection is also valid JSON, `GoldenYAML.parse` reads these
/// files back without a YAML library (this module has none).
public enum GoldenYAML {
    // MARK: - Writing

    /// A block rendering of `value` at `indent`; mappings and sequences of mappings become blocks,
    /// everything else a flow value on the key's line.
    public static func render(_ value: JSONValue, comment: String? = nil) -> String {
        var lines: [String] = comment.map { $0.split(separator: "\n").map { "# " + $0 } } ?? []
        block(value, indent: 0, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func isBlock(_ v: JSONValue) -> Bool {
        switch v {
        case .object(let o): return !o.isEmpty
        case .array(let a): return !a.isEmpty && a.allSatisfy { if case .object(let o) = $0 { return !o.isEmpty } else { return false } }
        default: return false
        }
    }

    private static func block(_ value: JSONValue, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let o):
            for key in o.keys.sorted() {
                let v = o[key]!
                if isBlock(v) {
                    lines.append(pad + self.key(key) + ":")
                    block(v, indent: indent + 2, into: &lines)
                } else {
                    lines.append(pad + self.key(key) + ": " + flow(v))
                }
            }
        case .array(let items):
            for item in items {
                var inner: [String] = []
                block(item, indent: indent + 2, into: &inner)
                // The first key goes on the dash's line: `- role: "agent"`.
                if let first = inner.first {
                    inner[0] = pad + "- " + first.dropFirst(indent + 2)
                }
                lines += inner
            }
        default:
            lines.append(pad + flow(value))
        }
    }

    /// Keys stay bare when no YAML reader could take them for anything but a string; others
    /// (tool arguments can be named anything) are quoted. YAML 1.1 readers take `on`, `no`, `y`
    /// and the like for booleans, so those are quoted too.
    static func key(_ k: String) -> String {
        let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        guard let first = k.unicodeScalars.first, first.isASCII, CharacterSet.letters.contains(first) || first == "_",
            k.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }),
            !reserved.contains(k.lowercased())
        else { return quote(k) }
        return k
    }

    /// A flow value: JSON with `, ` and `: ` separators and YAML-safe string quoting.
    public static func flow(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.plainString
        case .string(let s): return quote(s)
        case .array(let a): return "[" + a.map(flow).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { quote($0) + ": " + flow(o[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    public static func quote(_ s: String) -> String { YAMLQuoting.doubleQuoted(s) }

    // MARK: - Reading

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads the subset `render` writes: block mappings and sequences by indentation, flow values
    /// as JSON, `#` comment lines.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var lines: [(number: Int, indent: Int, text: String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = raw.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            lines.append((i + 1, raw.count - content.count, String(content)))
        }
        var index = 0
        guard !lines.isEmpty else { return .null }
        let value = try parseBlock(&lines, &index, indent: lines[0].indent)
        if index < lines.count { throw ParseError(line: lines[index].number, message: "unexpected indentation") }
        return value
    }

    private static func parseBlock(_ lines: inout [(number: Int, indent: Int, text: String)], _ i: inout Int,
                                   indent: Int) throws(ParseError) -> JSONValue {
        if lines[i].text.hasPrefix("- ") {
            var items: [JSONValue] = []
            while i < lines.count, lines[i].indent == indent, lines[i].text.hasPrefix("- ") {
                // Read the rest of the dash's line as the first line of the item, two columns in.
                lines[i] = (lines[i].number, indent + 2, String(lines[i].text.dropFirst(2)))
                if isFlowStart(lines[i].text) {
                    items.append(try flowValue(lines[i].text, line: lines[i].number))
                    i += 1
                } else {
                    items.append(try parseBlock(&lines, &i, indent: indent + 2))
                }
            }
            return .array(items)
        }
        var object: [String: JSONValue] = [:]
        while i < lines.count, lines[i].indent == indent, !lines[i].text.hasPrefix("- ") {
            let (number, text) = (lines[i].number, lines[i].text)
            guard let colon = keyEnd(text) else { throw ParseError(line: number, message: "expected `key: value`") }
            let rawKey = String(text[..<colon])
            let key = rawKey.hasPrefix("\"") ? try flowValue(rawKey, line: number).stringValue ?? rawKey : rawKey
            let rest = text[text.index(after: colon)...].drop { $0 == " " }
            i += 1
            if rest.isEmpty {
                guard i < lines.count, lines[i].indent > indent else { object[key] = .null; continue }
                object[key] = try parseBlock(&lines, &i, indent: lines[i].indent)
            } else {
                object[key] = try flowValue(String(rest), line: number)
            }
        }
        return .object(object)
    }

    /// The colon after a key, bare or double-quoted (a quoted key may hold colons itself).
    private static func keyEnd(_ text: String) -> String.Index? {
        guard text.hasPrefix("\"") else { return text.firstIndex(of: ":") }
        var escaped = false
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            let c = text[i]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                let after = text.index(after: i)
                return after < text.endIndex && text[after] == ":" ? after : nil
            }
            i = text.index(after: i)
        }
        return nil
    }

    private static func isFlowStart(_ text: String) -> Bool {
        guard let c = text.first else { return true }
        if c == "\"", keyEnd(text) != nil { return false }
        return "\"{[-0123456789".contains(c) || ["true", "false", "null"].contains(text)
    }

    private static func flowValue(_ text: String, line: Int) throws(ParseError) -> JSONValue {
        do { return try JSONValue.parse(text) } catch { throw ParseError(line: line, message: error.description) }
    }
}
