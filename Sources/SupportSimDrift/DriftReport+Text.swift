import Foundation

/// `drift.md` and the terminal summary.
extension DriftReport {
    static func p(_ x: Double) -> String { x < 0.0001 ? String(format: "%.2e", x) : String(format: "%.4f", x) }

    static func effect(_ f: DriftFinding) -> String {
        let scale = f.kind == .rate ? 100.0 : 1.0
        let unit = f.kind == .rate ? " pts" : ""
        var text = f.effectName + " " + String(format: f.kind == .rate ? "%+.1f" : "%.3f", f.effect * scale) + unit
        if let lo = f.effectLow, let hi = f.effectHigh {
            text += String(format: f.kind == .rate ? " [%+.1f, %+.1f]" : " [%.3f, %.3f]", lo * scale, hi * scale)
        }
        return text
    }

    public var terminalSummary: String {
        var lines = ["drift: \(currentLabel) against \(baselineLabel)"]
        let significant = findings.filter(\.significant)
        if significant.isEmpty { lines.append("  no significant change (alpha \(settings.alpha), Benjamini–Hochberg)") }
        for f in significant {
            lines.append("  \(f.label.rawValue.uppercased())  \(f.metric): \(f.figures); \(Self.effect(f)); "
                         + "p \(Self.p(f.p)), adjusted \(Self.p(f.adjustedP)) (\(f.test))")
        }
        let s = scenarios
        lines.append("  scenarios: \(s.regressions.count) newly failing, \(s.fixes.count) fixed, \(s.new.count) new, "
                     + "\(s.removed.count) removed, \(s.newlyErroring.count) newly erroring")
        for c in s.regressions { lines.append("    \(c.scenario): \(c.from ?? "-") → \(c.to ?? "-")" + (c.reasons.first.map { " — \($0)" } ?? "")) }
        if let ref = transcriptReference {
            lines.append("  transcripts: \(transcripts.count) repl\(transcripts.count == 1 ? "y" : "ies") below similarity "
                         + "\(settings.transcriptSimilarity) against \(ref)")
            for t in transcripts { lines.append(String(format: "    %@ reply %d (%.2f): %@", t.scenario, t.reply, t.similarity, t.diff)) }
        }
        lines.append(String(format: "  intent mix: PSI %.3f (%@)", intentMix.psi, intentMix.psiLabel))
        if let coverage, let top = coverage.rows.first, top.gap > 0 {
            lines.append(String(format: "  coverage: %@ is %.0f%% of traffic and %.0f%% of scenarios", top.intent,
                                top.trafficShare * 100, top.scenarioShare * 100))
        }
        lines.append("significant regressions: \(regressionCount)")
        return lines.joined(separator: "\n")
    }

    public var markdown: String {
        var md = ["# Drift report", "", "**Current:** \(currentLabel)  ", "**Baseline:** \(baselineLabel)  ",
                  "alpha \(settings.alpha) (Benjamini–Hochberg false discovery rate), minimum effect \(settings.minEffect) "
                  + "for rates, transcript similarity \(settings.transcriptSimilarity).", "",
                  "**\(regressionCount) significant regression\(regressionCount == 1 ? "" : "s")**, \(improvementCount) "
                  + "improvement\(improvementCount == 1 ? "" : "s"), \(scenarios.regressions.count) scenario(s) newly failing.", ""]
        md += ["## Metrics", "", "| label | metric | figures | effect [95% CI] | p | adjusted p | test |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for f in findings.sorted(by: { ($0.significant ? 0 : 1, $0.adjustedP, $0.metric) < ($1.significant ? 0 : 1, $1.adjustedP, $1.metric) }) {
            md.append("| \(f.label.rawValue) | `\(f.metric)` | \(Self.cell(f.figures)) | \(Self.effect(f)) | \(Self.p(f.p)) | "
                      + "\(Self.p(f.adjustedP)) | \(f.test) |")
        }
        md += ["", "## Scenarios", ""]
        let groups = [("Newly failing", scenarios.regressions), ("Newly erroring", scenarios.newlyErroring), ("Fixed", scenarios.fixes),
                      ("New", scenarios.new), ("Removed", scenarios.removed)]
        for (title, list) in groups {
            md.append("- **\(title)** (\(list.count))" + (list.isEmpty ? "" : ":"))
            for c in list {
                md.append("  - `\(c.scenario)` \(c.from ?? "—") → \(c.to ?? "—")" + (c.reasons.isEmpty ? "" : ": " + Self.cell(c.reasons.joined(separator: "; "))))
            }
        }
        md += ["", "## Transcripts", ""]
        if let ref = transcriptReference {
            md.append("\(transcripts.count) repl\(transcripts.count == 1 ? "y" : "ies") below similarity \(settings.transcriptSimilarity) against \(ref).")
            for t in transcripts {
                md += ["", String(format: "### `%@`, reply %d (similarity %.2f)", t.scenario, t.reply, t.similarity), "", "```diff",
                       "- " + t.golden, "+ " + t.current, "```", "", "Word diff: " + Self.cell(t.diff)]
            }
        } else {
            md.append("No golden transcripts to compare with (`supportsim golden approve` writes them).")
        }
        md += ["", "## Intent mix", "", String(format: "χ² %.3f, dof %d, p %@; PSI %.3f (%@).", intentMix.chiSquare.statistic,
                                                 intentMix.chiSquare.degreesOfFreedom, Self.p(intentMix.chiSquare.p), intentMix.psi, intentMix.psiLabel),
               "", "| intent | baseline | current |", "| --- | --- | --- |"]
        for i in Set(intentMix.baseline.keys).union(intentMix.current.keys).sorted() {
            md.append("| `\(i)` | \(intentMix.baseline[i] ?? 0) | \(intentMix.current[i] ?? 0) |")
        }
        if let trend, !trend.points.isEmpty {
            md += ["", "## Trend (last \(trend.points.count) runs)", "", "| KPI | trend | latest |", "| --- | --- | --- |"]
            for k in Trend.kpis {
                guard let last = trend.points.last?.values[k] else { continue }
                md.append("| `\(k)` | \(trend.sparkline(k)) | \(String(format: "%.4g", last)) |")
            }
        }
        if let coverage {
            md += ["", "## Coverage against traffic", "", "\(coverage.messages) messages" + String(format: ", PSI %.3f.", coverage.psi), "",
                   "| intent | traffic | scenarios | gap |", "| --- | --- | --- | --- |"]
            for r in coverage.rows {
                md.append(String(format: "| `%@` | %.1f%% (%d) | %.1f%% (%d) | %+.1f pts |", r.intent, r.trafficShare * 100, r.trafficCount,
                                 r.scenarioShare * 100, r.scenarioCount, r.gap * 100))
            }
        }
        return md.joined(separator: "\n") + "\n"
    }

    /// Text inside a table cell or list item: no line breaks, no column separators.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }
}
