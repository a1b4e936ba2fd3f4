import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// `report.md` (metrics.md, "Outputs of a run"): a pull-request comment or CI step summary.
/// GitHub caps a comment at 65,536 characters, so long lists are cut at `maxListed` entries and
/// say how many more there are; results.json and report.html have them all.
public struct MarkdownReportWriter: ReportWriter {
    public var maxListed: Int
    public init(maxListed: Int = 50) { self.maxListed = maxListed }
    public var fileName: String { "report.md" }

    public func render(_ run: RunRecord) -> String {
        var md: [String] = []
        let icon = run.passed ? "✅" : "❌"
        md.append("## \(icon) SupportSim: \(run.passed ? "passed" : "failed") — \(Escape.markdown(run.info.suite))")
        md.append("")
        md.append("**Verdict: \(run.passed ? "PASSED" : "FAILED")** — \(run.verdictLine)")
        md.append("")
        var about = ["run \(Escape.markdown(run.info.id))", "agent \(Escape.markdown(run.info.agent))"]
        if let c = run.info.gitCommit { about.append("commit \(Escape.markdown(String(c.prefix(12))))") }
        if run.info.repeatCount > 1 { about.append("repeat \(run.info.repeatCount)") }
        if !run.info.filters.isEmpty { about.append("filters \(Escape.markdown(run.info.filters.joined(separator: " ")))") }
        md.append(about.joined(separator: " · "))
        md.append("")
        if let stop = run.info.budgetStop {
            md.append("> **Not every conversation was played:** the run \(Escape.markdown(stop.summary)).")
            md.append("")
        }
        gates(run, into: &md)
        kpis(run, into: &md)
        modelUsage(run, into: &md)
        tau(run, into: &md)
        failures(run, into: &md)
        violations(run, into: &md)
        hallucinations(run, into: &md)
        readiness(run, into: &md)
        return md.joined(separator: "\n") + "\n"
    }

    func gates(_ run: RunRecord, into md: inout [String]) {
        md.append("### Gates")
        md.append("")
        guard !run.gates.isEmpty else {
            md.append("No gates configured: the run passes when every scenario passes.")
            md.append("")
            return
        }
        md.append("| Metric | Value | Threshold | Verdict |")
        md.append("| --- | --- | --- | --- |")
        for g in run.gates.map(GateRow.init) {
            md.append("| \(Escape.markdown(g.metric)) | \(g.value) | \(g.threshold) | \(g.passed ? "✅ pass" : "❌ fail") |")
        }
        md.append("")
    }

    func kpis(_ run: RunRecord, into md: inout [String]) {
        md.append("### KPIs")
        md.append("")
        md.append("| KPI | Value | 95% interval | n |")
        md.append("| --- | ---: | --- | ---: |")
        for k in KPI.present(in: run.metrics) {
            let f = Figure(run.metrics, k.definition)
            md.append("| \(k.label) | \(k.format(f.value)) | \(Format.interval(f.low, f.high)) | \(f.count) |")
        }
        md.append("")
        md.append("_CSAT figures are estimates from the conversation alone (metrics.md), not survey results._")
        md.append("")
    }

    func modelUsage(_ run: RunRecord, into md: inout [String]) {
        guard let section = ModelUsageSection(run) else { return }
        md.append("### Model usage")
        md.append("")
        table(section.table, into: &md)
        md.append("_The customer model's and the judge's tokens are the cost of testing; cost per resolution counts the agent's._")
        md.append("")
    }

    func tau(_ run: RunRecord, into md: inout [String]) {
        guard let section = TauSection(run) else { return }
        md.append("### tau-bench")
        md.append("")
        md.append(Escape.markdown(section.headline))
        md.append("")
        table(section.figures, into: &md)
        if !section.episodes.rows.isEmpty {
            md.append("Episodes below reward 1 (\(section.episodes.rows.count)):")
            md.append("")
            table(section.episodes, into: &md)
        }
    }

    func table(_ t: ReportTable, into md: inout [String]) {
        md.append("| " + t.columns.map { Escape.markdown($0) }.joined(separator: " | ") + " |")
        md.append("|" + String(repeating: " --- |", count: t.columns.count))
        for row in t.rows.prefix(maxListed) { md.append("| " + row.map { Escape.markdown($0) }.joined(separator: " | ") + " |") }
        if t.rows.count > maxListed { md.append(contentsOf: ["", "… and \(t.rows.count - maxListed) more (results.json has them all)."]) }
        md.append("")
    }

    func failures(_ run: RunRecord, into md: inout [String]) {
        let failed = run.results.filter { $0.status != .pass }
        md.append("### Failures (\(failed.count + run.invalid.count))")
        md.append("")
        if failed.isEmpty && run.invalid.isEmpty {
            md.append("Every scenario passed.")
            md.append("")
            return
        }
        // One entry per scenario, not per trial: 50 failing trials of one scenario must not hide
        // the other failing scenarios.
        let groups = FailureGroups(run)
        for g in groups.scenarios.prefix(maxListed) {
            let title = g.title.isEmpty ? "" : " — \(Escape.markdown(g.title, limit: 120))"
            let trials = g.trialsRun > 1 ? " \(g.failed.count) of \(g.trialsRun) trials" : " #\(g.failed[0].trial)"
            md.append("- **\(Escape.markdown(g.id))**\(trials) (\(g.statuses))\(title)")
            let reasons = g.reasons
            for (reason, count) in reasons.prefix(10) {
                md.append("  - \(Escape.markdown(reason))" + (count > 1 ? " (\(count) trials)" : ""))
            }
            if reasons.count > 10 { md.append("  - …and \(reasons.count - 10) more") }
        }
        if groups.scenarios.count > maxListed {
            let rest = groups.scenarios.dropFirst(maxListed)
            md.append("- …and \(rest.count) more scenario\(rest.count == 1 ? "" : "s") (see report.html or results.json): "
                      + rest.map { Escape.markdown($0.id, limit: 80) }.joined(separator: ", "))
        }
        for inv in run.invalid.prefix(maxListed) {
            md.append("- **\(Escape.markdown(inv.id))** (invalid) — \(Escape.markdown(inv.file))")
            for d in inv.diagnostics.prefix(10) { md.append("  - \(Escape.markdown(d.description))") }
        }
        if run.invalid.count > maxListed { md.append("- …and \(run.invalid.count - maxListed) more invalid scenarios") }
        md.append("")
    }

    func violations(_ run: RunRecord, into md: inout [String]) {
        let all = run.results.flatMap { r in r.violations.filter { !$0.waived }.map { (r, $0) } }
        let waived = run.results.map { $0.violations.filter(\.waived).count }.reduce(0, +)
        md.append("### Policy violations (\(all.count))")
        md.append("")
        if waived > 0 { md.append("\(waived) waived violation(s) are not counted."); md.append("") }
        guard !all.isEmpty else { md.append("None."); md.append(""); return }
        md.append("| Scenario | Policy | Severity | Turn | Evidence |")
        md.append("| --- | --- | --- | ---: | --- |")
        for (r, v) in all.prefix(maxListed) {
            md.append("| \(Escape.markdown(r.id)) #\(r.trial) | \(Escape.markdown(v.policy)) | \(v.severity.rawValue) | "
                + "\(v.turn.map(String.init) ?? "–") | \(Escape.markdown(v.evidence)) |")
        }
        if all.count > maxListed { md.append(""); md.append("…and \(all.count - maxListed) more.") }
        md.append("")
    }

    func hallucinations(_ run: RunRecord, into md: inout [String]) {
        let all = run.results.flatMap { r in r.hallucinations.map { (r, $0) } }
        md.append("### Hallucinations (\(all.count))")
        md.append("")
        guard !all.isEmpty else { md.append("None: every checkable claim was grounded."); md.append(""); return }
        md.append("| Scenario | Turn | Claim | Sentence | Compared with |")
        md.append("| --- | ---: | --- | --- | --- |")
        for (r, h) in all.prefix(maxListed) {
            md.append("| \(Escape.markdown(r.id)) #\(r.trial) | \(h.turn) | \(Escape.markdown(h.kind)): \(Escape.markdown(h.claim)) | "
                + "\(Escape.markdown(h.sentence)) | \(Escape.markdown(h.comparedWith, limit: 160)) |")
        }
        if all.count > maxListed { md.append(""); md.append("…and \(all.count - maxListed) more.") }
        md.append("")
    }

    func readiness(_ run: RunRecord, into md: inout [String]) {
        let rows = ReadinessRow.all(run.metrics)
        md.append("### Readiness by intent")
        md.append("")
        guard !rows.isEmpty else { md.append("No conversations."); md.append(""); return }
        md.append("| Intent | Phase | Pass rate | 95% interval | n | Automation | Critical violations | To autonomous |")
        md.append("| --- | --- | ---: | --- | ---: | ---: | ---: | --- |")
        for r in rows {
            md.append("| \(Escape.markdown(r.intent)) | \(r.phase) | \(Format.percent(r.passRate.value)) | "
                + "\(Format.interval(r.passRate.low, r.passRate.high)) | \(r.passRate.count) | "
                + "\(Format.percent(r.automation.value)) | \(r.criticalViolations) | \(r.toAutonomous) |")
        }
        md.append("")
        md.append("_autonomous: Wilson lower bound of the pass rate ≥ the `readiness.autonomous` threshold and no critical "
            + "violation; assisted: ≥ `readiness.assisted`; read-only otherwise._")
        md.append("")
    }
}
