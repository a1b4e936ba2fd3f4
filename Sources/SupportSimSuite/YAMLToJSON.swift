import Foundation
import SupportSimCore
import Yams

/// A suite file as the JSON that its JSON Schema is checked against: what a YAML language server
/// sees. Plain scalars are resolved the YAML 1.2 core way, as the loader resolves them (so
/// `2026-11-20` stays text and `49.90` is a number), which a YAML 1.1 reader such as PyYAML does not.
public enum YAMLToJSON {
    /// The document, or nil when the text is not YAML (or is empty); aliases are written out.
    public static func convert(_ text: String) -> JSONValue? {
        guard let node = try? Yams.compose(yaml: text) else { return nil }
        return convert(node)
    }

    /// A composed document (for a caller that composed it already, to report its errors).
    public static func convert(_ node: Node) -> JSONValue? { value(node, depth: 0) }

    private static func value(_ node: Node, depth: Int) -> JSONValue? {
        guard depth < 200 else { return nil }
        switch node {
        case .scalar(let s): return NodeValidator.plainValue(s)
        case .sequence(let seq): return .array(seq.compactMap { value($0, depth: depth + 1) })
        case .mapping(let m):
            var o: [String: JSONValue] = [:]
            for (k, v) in m { if let key = k.scalar?.string, let item = value(v, depth: depth + 1) { o[key] = item } }
            return .object(o)
        case .alias: return nil
        }
    }
}
