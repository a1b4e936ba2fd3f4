/// Suggestions for misspelt keys and names ("did you mean").
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        // A word that is part of a known name ("pass_rate" of "scenario_pass_rate", "order" of
        // "order_id") is the likeliest meaning.
        let containing = candidates.filter {
            let c = $0.lowercased()
            return lowered.count >= 3 && (c.contains(lowered) || lowered.contains(c)) && c != lowered
        }
        if let nearest = containing.min(by: { distance(lowered, $0.lowercased()) < distance(lowered, $1.lowercased()) }) {
            return nearest
        }
        var best: (String, Int)?
        for c in candidates {
            let d = distance(lowered, c.lowercased())
            let limit = max(2, c.count / 3)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1,
                                       previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func didYouMean(_ word: String, _ candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
