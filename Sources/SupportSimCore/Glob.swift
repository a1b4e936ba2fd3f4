import Foundation

/// Shell-style globs (`*`, `?`) as used for operations, intents and escalation reasons.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        // A pattern matches its own text (`*` and `?` match themselves too).
        if !caseInsensitive && pattern == text { return true }
        // Most patterns are plain names (`orders.cancel_order`): no characters to copy.
        if !isPattern(pattern) {
            return caseInsensitive ? pattern.lowercased() == text.lowercased() : pattern == text
        }
        let pattern = caseInsensitive ? pattern.lowercased() : pattern, text = caseInsensitive ? text.lowercased() : text
        // ASCII on both sides (operation names, intents): bytes are characters.
        if pattern.utf8.allSatisfy({ $0 < 128 }), text.utf8.allSatisfy({ $0 < 128 }) {
            return match(Array(pattern.utf8), Array(text.utf8), any: UInt8(ascii: "?"), star: UInt8(ascii: "*"))
        }
        return match(Array(pattern), Array(text), any: "?", star: "*")
    }

    private static func match<C: Equatable>(_ p: [C], _ t: [C], any: C, star starSymbol: C) -> Bool {
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == any || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == starSymbol {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == starSymbol { pi += 1 }
        return pi == p.count
    }

    public static func isPattern(_ text: String) -> Bool {
        // Over the contiguous bytes when there are (native strings): the generic closure over
        // the UTF-8 view was the scorer's largest own cost, called for every call and rule.
        text.utf8.withContiguousStorageIfAvailable { $0.contains(42) || $0.contains(63) }
            ?? text.utf8.contains { $0 == 42 || $0 == 63 }
    }
}
