import Foundation

extension DriftAnalyzer {
    /// Per scenario trial: regressions, fixes, new, removed and newly erroring.
    static func scenarioChanges(baseline: RunSnapshot, current: RunSnapshot) -> ScenarioChanges {
        let base = Dictionary(baseline.scenarios.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let cur = Dictionary(current.scenarios.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var out = ScenarioChanges()
        for key in Set(base.keys).union(cur.keys).sorted() {
            switch (base[key], cur[key]) {
            case (nil, let c?):
                out.new.append(ScenarioChange(scenario: key, from: nil, to: c.status, reasons: c.reasons))
            case (let b?, nil):
                out.removed.append(ScenarioChange(scenario: key, from: b.status, to: nil, reasons: []))
            case (let b?, let c?):
                let change = ScenarioChange(scenario: key, from: b.status, to: c.status, reasons: c.reasons)
                if b.status == "pass" && c.status != "pass" { out.regressions.append(change) }
                if b.status != "pass" && c.status == "pass" { out.fixes.append(change) }
                if c.status == "error" && b.status != "error" { out.newlyErroring.append(change) }
            case (nil, nil):
                break
            }
        }
        return out
    }

    /// Replies (trial 1) below the similarity threshold against the goldens, or, when there are
    /// no goldens, against the baseline's own replies if it has them (a stored run).
    func transcriptChanges(_ current: RunSnapshot, baseline: RunSnapshot,
                           goldens: [String: GoldenTranscript]) -> ([TranscriptChange], String?) {
        var reference: [String: [String]] = goldens.mapValues(\.replies)
        var source: String? = goldens.isEmpty ? nil : "goldens"
        if goldens.isEmpty {
            for s in baseline.scenarios where s.trial == 1 { if let r = s.replies { reference[s.id] = r } }
            if !reference.isEmpty { source = baseline.label }
        }
        var changes: [TranscriptChange] = []
        for s in current.scenarios where s.trial == 1 {
            guard let golden = reference[s.id], let replies = s.replies else { continue }
            for i in 0..<max(golden.count, replies.count) {
                let g = i < golden.count ? golden[i] : "", c = i < replies.count ? replies[i] : ""
                let similarity = TranscriptComparison.similarity(g, c)
                if similarity < settings.transcriptSimilarity {
                    changes.append(TranscriptChange(scenario: s.id, reply: i + 1, similarity: similarity, golden: g, current: c,
                                                    diff: TranscriptComparison.wordDiff(from: g, to: c)))
                }
            }
        }
        return (changes, source)
    }
}
