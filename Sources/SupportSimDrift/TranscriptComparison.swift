import Foundation

/// How far a reply moved from its golden: a normalised token similarity and a word diff.
public enum TranscriptComparison {
    /// Words of a reply, compared case-insensitively and without surrounding punctuation, so that
    /// "Thanks!" and "thanks" are the same word while "$49.00" stays one token.
    static func words(_ text: String) -> [(shown: String, key: String)] {
        text.split(whereSeparator: \.isWhitespace).map { w in
            let key = w.lowercased().trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
            return (String(w), key)
        }
    }

    /// 2·|LCS| / (|a| + |b|) over the normalised tokens (difflib's ratio, on words): 1 for the
    /// same wording, 0 for nothing in common. Two empty replies are the same.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = words(a).map(\.key).filter { !$0.isEmpty }, y = words(b).map(\.key).filter { !$0.isEmpty }
        guard !x.isEmpty || !y.isEmpty else { return 1 }
        return 2 * Double(lcsLength(x, y)) / Double(x.count + y.count)
    }

    /// The golden reply turned into the new one, git's word-diff style: `[-old-]{+new+}`.
    public static func wordDiff(from old: String, to new: String) -> String {
        let a = words(old), b = words(new)
        let table = lcsTable(a.map(\.key), b.map(\.key))
        var out: [String] = []
        var removed: [String] = [], added: [String] = []
        func flush() {
            if !removed.isEmpty { out.append("[-" + removed.joined(separator: " ") + "-]") }
            if !added.isEmpty { out.append("{+" + added.joined(separator: " ") + "+}") }
            removed = []
            added = []
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i].key == b[j].key {
                flush()
                out.append(b[j].shown)
                i += 1
                j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                added.append(b[j].shown)
                j += 1
            } else {
                removed.append(a[i].shown)
                i += 1
            }
        }
        flush()
        return out.joined(separator: " ")
    }

    static func lcsLength(_ a: [String], _ b: [String]) -> Int { lcsTable(a, b)[0][0] }

    /// table[i][j] = length of the LCS of a[i...] and b[j...].
    static func lcsTable(_ a: [String], _ b: [String]) -> [[Int]] {
        var t = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
            }
        }
        return t
    }
}
