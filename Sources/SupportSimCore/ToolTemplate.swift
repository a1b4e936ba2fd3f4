import Foundation

/// `$name` templates in declared tools: a string that is exactly `$name` is the named value with
/// its type (an amount stays a number); inside longer text `$name` and `${name}` are replaced by
/// the value's text; `$$` is a dollar sign.
public enum ToolTemplate {
    /// The names a value refers to, in order, nested values included.
    public static func references(in value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return references(in: s)
        case .array(let a): return a.flatMap(references(in:))
        case .object(let o): return o.keys.sorted().flatMap { references(in: o[$0]!) }
        default: return []
        }
    }

    public static func references(in text: String) -> [String] {
        var names: [String] = []
        scan(text) { names.append($0); return nil }
        return names
    }

    /// The value with its references resolved; a name `lookup` does not know is left as written.
    public static func render(_ value: JSONValue, _ lookup: (String) -> JSONValue?) -> JSONValue {
        switch value {
        case .string(let s):
            if s.hasPrefix("$"), s.count > 1, let name = whole(s), let v = lookup(name) { return v }
            return .string(render(s, lookup))
        case .array(let a): return .array(a.map { render($0, lookup) })
        case .object(let o): return .object(o.mapValues { render($0, lookup) })
        default: return value
        }
    }

    public static func render(_ text: String, _ lookup: (String) -> JSONValue?) -> String {
        scan(text) { name in lookup(name).map { $0.stringValue ?? $0.displayText } }
    }

    /// The name a value refers to when it is exactly one reference (`$amount`), else nil.
    public static func wholeReference(_ value: JSONValue) -> String? {
        guard case .string(let s) = value, s.hasPrefix("$"), s.count > 1 else { return nil }
        return whole(s)
    }

    /// `payment_id` for `$payment_id` or `${payment_id}`, nil for anything longer.
    static func whole(_ s: String) -> String? {
        let body = s.dropFirst()
        if body.hasPrefix("{"), body.hasSuffix("}") {
            let name = String(body.dropFirst().dropLast())
            return isName(name) ? name : nil
        }
        return isName(String(body)) ? String(body) : nil
    }

    /// ASCII letters, digits and `_`, not starting with a digit (as the scanner reads names).
    static func isName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first == 95 || isLetter(first) else { return false }
        return s.utf8.allSatisfy { $0 == 95 || isLetter($0) || (48...57).contains($0) }
    }

    static func isLetter(_ b: UInt8) -> Bool { (65...90).contains(b) || (97...122).contains(b) }

    /// Walks the text, replacing each reference by what `replace` returns (or leaving it).
    @discardableResult
    static func scan(_ text: String, _ replace: (String) -> String?) -> String {
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == "$" else { out.append(c); i = text.index(after: i); continue }
            let next = text.index(after: i)
            if next < text.endIndex, text[next] == "$" { out.append("$"); i = text.index(after: next); continue }
            var nameStart = next, braced = false
            if next < text.endIndex, text[next] == "{" { braced = true; nameStart = text.index(after: next) }
            var end = nameStart
            while end < text.endIndex, text[end] == "_" || text[end].isASCII && (text[end].isLetter || text[end].isNumber) {
                end = text.index(after: end)
            }
            let name = String(text[nameStart..<end])
            let closes = !braced || (end < text.endIndex && text[end] == "}")
            guard !name.isEmpty, closes, name.first.map({ !$0.isNumber }) ?? false else {
                out.append(c); i = next; continue
            }
            let after = braced ? text.index(after: end) : end
            out += replace(name) ?? String(text[i..<after])
            i = after
        }
        return out
    }
}
