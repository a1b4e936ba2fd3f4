import Foundation

/// Substring search on UTF-8 bytes. Foundation's `String.contains` goes through NSString on
/// Linux and costs microseconds per call; these run on every reply of every conversation.
public enum TextSearch {
    public static func contains(_ text: String, _ needle: String) -> Bool {
        find(text, needle, wholeWord: false)
    }

    /// `needle` not preceded or followed by a letter or digit ("zip" is not in "zipper").
    public static func containsWord(_ text: String, _ needle: String) -> Bool {
        find(text, needle, wholeWord: true)
    }

    private static func find(_ text: String, _ needle: String, wholeWord: Bool) -> Bool {
        var t = text, n = needle
        return t.withUTF8 { s in
            n.withUTF8 { p in
                guard let first = p.first, p.count <= s.count else { return p.isEmpty }
                func isWordByte(_ b: UInt8) -> Bool {
                    (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b >= 0x80
                }
                var i = 0
                let last = s.count - p.count
                while i <= last {
                    if s[i] == first {
                        var j = 1
                        while j < p.count && s[i + j] == p[j] { j += 1 }
                        if j == p.count {
                            if !wholeWord { return true }
                            let beforeOK = i == 0 || !isWordByte(s[i - 1])
                            let afterOK = i + p.count == s.count || !isWordByte(s[i + p.count])
                            if beforeOK && afterOK { return true }
                        }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
