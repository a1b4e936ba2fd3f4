import Foundation
import SupportSimCore
import SupportSimSuite
import Yams

/// The YAML of golden files, written by hand so that the bytes are ours to fix: block mappings
/// with sorted keys, two-space indents, and every scalar in flow style with double-quoted strings.
/// Quoted strings escape what YAML would otherwise fold or reject (control characters, NEL,
/// the Unicode line and paragraph separators, BOM), so any YAML parser reads back the exact text.
///
/// They are read back with Yams (`GoldenYAML.parse`), so a golden edited by hand in any YAML
/// style reads as well.
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

    /// Reads a golden file with Yams, scalars resolved as the suite loader resolves them (YAML
    /// 1.2 core: quoted text stays text, `49.90` is a number). A golden edited by hand, in any
    /// YAML style, reads as well as one `render` wrote.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        let node: Node
        do {
            // Composed once: its errors are reported, and the same nodes are converted.
            guard let composed = try Yams.compose(yaml: text) else { return .null }
            node = composed
        } catch let error as YamlError {
            throw ParseError(line: Self.line(of: error), message: "\(error)")
        } catch {
            throw ParseError(line: 1, message: "\(error)")
        }
        guard let value = YAMLToJSON.convert(node) else {
            throw ParseError(line: 1, message: "not a YAML document of mappings, sequences and scalars (aliases are not read)")
        }
        return value
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }
}
