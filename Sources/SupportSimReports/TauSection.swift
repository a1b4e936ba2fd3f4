import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// A tau suite's figures as the reports show them: tau-bench's reward and pass^k beside
/// SupportSim's own findings on the same episodes, and the episodes that failed with why.
public struct TauSection: Sendable, Hashable {
    /// One sentence: episodes, tasks, mean reward, and how many rewards equal the recording.
    public var headline: String
    /// Figure, this run, recorded (when the episodes were recorded).
    public var figures: ReportTable
    /// Failed episodes: scenario, reward, recorded, end, tool outputs matched, SupportSim findings.
    public var episodes: ReportTable

    public init?(_ run: RunRecord) {
        let results = run.results.filter { $0.record.tau != nil }
        guard !results.isEmpty, let tau = run.metrics.tau else { return nil }
        func text(_ v: Decimal?) -> String { v.map { JSONValue.number($0).displayText } ?? "–" }
        let recorded = tau.recorded
        var rows: [[String]] = [["mean reward", text(tau.rewards.mean), text(recorded?.mean)]]
        for k in tau.rewards.passHat.keys.sorted() { rows.append(["pass^\(k)", text(tau.rewards.passHat[k]), text(recorded?.passHat[k])]) }
        let findings = results.filter { !$0.hallucinations.isEmpty || $0.violations.contains { !$0.waived } }.count
        rows.append(["episodes with SupportSim findings (hallucination or policy)", String(findings), "–"])
        figures = ReportTable(columns: ["Figure", "This run", "Recorded"], rows: rows)
        var headline = "\(tau.episodes) episodes over \(tau.tasks) tau-bench tasks, mean reward \(text(tau.rewards.mean))"
        if let equal = tau.rewardsEqualRecorded { headline += "; \(equal) rewards equal the recorded ones" }
        if tau.outputsTotal != 0 {
            headline += "; \(tau.outputsMatched) of \(tau.outputsTotal) tool outputs equal the recorded ones"
        }
        self.headline = headline + "."
        episodes = ReportTable(
            columns: ["Scenario", "Reward", "Recorded", "End", "Tool outputs", "SupportSim findings"],
            rows: results.filter { $0.status != .pass }.map { r in
                let t = r.record.tau!
                var notes: [String] = []
                if let db = t.databaseMatched, !db { notes.append("database differs from gold") }
                let unsaid = t.outputs.filter { !$0.value }.keys.sorted()
                if !unsaid.isEmpty { notes.append("never said: " + unsaid.joined(separator: ", ")) }
                if !r.hallucinations.isEmpty { notes.append("\(r.hallucinations.count) ungrounded claim(s)") }
                let v = r.violations.filter { !$0.waived }.count
                if v > 0 { notes.append("\(v) policy violation(s)") }
                if let e = r.record.error { notes.append(e) }
                return ["\(r.id)#\(r.trial)", t.reward.plainString, t.recordedReward?.plainString ?? "–", t.end,
                        t.outputsTotal == 0 ? "–" : "\(t.outputsMatched)/\(t.outputsTotal)", notes.joined(separator: "; ")]
            })
    }
}
