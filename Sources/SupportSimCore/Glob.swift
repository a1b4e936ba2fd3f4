import Foundation

/// Shell-style globs (`*`, `?`) as used for operations, intents and escalation reasons.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        // Most patterns are plain names (`orders.cancel_order`): no characters to copy.
        if !isPattern(pattern) {
            return caseInsensitive ? pattern.lowercased() == text.lowercased() : pattern == text
        }
        let p = Array(caseInsensitive ? pattern.lowercased() : pattern)
        let t = Array(caseInsensitive ? text.lowercased() : text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    public static func isPattern(_ text: String) -> Bool { text.utf8.contains { $0 == 42 || $0 == 63 } }
}
