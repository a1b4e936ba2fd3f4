import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The parts of report.html that are written as HTML here: everything but the transcripts,
/// which the page's script renders from the data block when they are opened. Every value from
/// a suite or an agent goes through `Escape.html`.
enum HTMLSections {
    /// Lists longer than this are cut here; the transcripts section has them all.
    static let maxRows = 1000

    static func e(_ s: String) -> String { Escape.html(s) }

    static func header(_ run: RunRecord) -> String {
        let c = run.counts
        var meta = ["run \(e(run.info.id))", "agent \(e(run.info.agent))",
                    "started \(e(ISODate.formatDateTime(run.info.startedAt)))"]
        if let commit = run.info.gitCommit { meta.append("commit \(e(String(commit.prefix(12))))") }
        if run.info.repeatCount > 1 { meta.append("repeat \(run.info.repeatCount)") }
        if !run.info.filters.isEmpty { meta.append("filters \(e(run.info.filters.joined(separator: " ")))") }
        return """
            <header id="top">
            <h1>SupportSim report — \(e(run.info.suite))</h1>
            <div class="verdict \(run.passed ? "pass" : "fail")" id="verdict">\(run.passed ? "PASSED" : "FAILED") — \(e(run.verdictLine))</div>
            <div class="meta">\(meta.joined(separator: " · "))</div>
            <div class="meta">\(c.total) conversations: \(c.pass) pass, \(c.fail) fail, \(c.error) error, \(c.invalid) invalid</div>
            </header>
            <nav><div><a href="#failures">Failures</a><a href="#gates">Gates</a><a href="#kpis">KPIs</a><a href="#charts">Charts</a><a href="#readiness">Readiness</a>
            <a href="#violations">Violations</a><a href="#hallucinations">Hallucinations</a><a href="#drift">Drift</a>
            <a href="#transcripts">Transcripts</a></div></nav>

            """
    }

    static func gates(_ run: RunRecord) -> String {
        var s = "<section id=\"gates\"><h2>Gates</h2>\n"
        guard !run.gates.isEmpty else {
            return s + "<p class=\"empty\">No gates configured: the run passes when every scenario passes.</p></section>\n"
        }
        s += "<table><thead><tr><th>Metric</th><th>Value</th><th>Threshold</th><th>Verdict</th></tr></thead><tbody>\n"
        for g in run.gates.map(GateRow.init) {
            s += "<tr><td>\(e(g.metric))</td><td class=\"num\">\(e(g.value))</td><td>\(e(g.threshold))</td>"
            s += "<td><span class=\"badge b-\(g.passed ? "pass" : "fail")\">\(g.passed ? "pass" : "fail")</span></td></tr>\n"
        }
        return s + "</tbody></table></section>\n"
    }

    static func tiles(_ run: RunRecord, against drift: DriftSection? = nil) -> String {
        var s = "<section id=\"kpis\"><h2>KPIs</h2><div class=\"tiles\">\n"
        for k in KPI.present(in: run.metrics) {
            let f = Figure(run.metrics, k.definition)
            let gate = run.gates.first { $0.gate.metric == k.metric }
            let cls = gate.map { $0.passed ? " pass" : " fail" } ?? ""
            s += "<div class=\"tile\(cls)\" data-metric=\"\(e(k.metric))\"><div class=\"label\">\(e(k.label))</div>"
            s += "<div class=\"value\">\(e(k.format(f.value)))</div>"
            let ci = Format.interval(f.low, f.high)
            if !ci.isEmpty { s += "<div class=\"ci\">95% CI \(e(ci))</div>" }
            if !f.count.isEmpty { s += "<div class=\"n\">\(e(f.count))</div>" }
            if let gate { s += "<div class=\"gate\">gate \(e(GateRow(gate).threshold)): \(gate.passed ? "pass" : "fail")</div>" }
            if let drift, let baseline = drift.baselineMetrics, let change = KPIChange(k, now: f.value, then: Figure(baseline, k.definition).value) {
                s += "<div class=\"delta \(change.tone)\" title=\"against \(e(drift.baselineLabel))\">\(e(change.text))</div>"
            }
            s += "</div>\n"
        }
        if let drift { s += "</div><p class=\"meta\">Changes are against \(e(drift.baselineLabel)). " } else { s += "</div><p class=\"meta\">" }
        s += "CSAT figures are estimates from the conversation alone (metrics.md), not survey results. "
        s += "Intervals are 95% Wilson intervals.</p></section>\n"
        return s
    }

    static func charts(_ run: RunRecord, trend: [(runID: String, passRate: Double)]) -> String {
        let frt = run.results.compactMap(\.record.frtMs)
        return """
            <section id="charts"><h2>Charts</h2><div class="charts">
            <figure id="chart-intents"><figcaption>Pass rate and automation by intent</figcaption>\(HTMLCharts.intentBars(run.metrics))</figure>
            <figure id="chart-frt"><figcaption>First response time</figcaption>\(HTMLCharts.frtHistogram(frt))</figure>
            <figure id="chart-confusion"><figcaption>Escalation: expected against the agent's decision</figcaption>\(HTMLCharts.confusion(run.metrics))</figure>
            <figure id="chart-trend"><figcaption>Trend: scenario pass rate over runs</figcaption>\(HTMLCharts.trend(trend))</figure>
            </div></section>

            """
    }

    static func readiness(_ run: RunRecord) -> String {
        let rows = ReadinessRow.all(run.metrics)
        var s = "<section id=\"readiness\"><h2>Readiness by intent</h2>\n"
        guard !rows.isEmpty else { return s + "<p class=\"empty\">No conversations.</p></section>\n" }
        s += "<table><thead><tr><th>Intent</th><th>Recommended phase</th><th>Pass rate</th><th>95% CI</th><th>n</th>"
        s += "<th>Automation</th><th>Critical violations</th><th>To autonomous</th></tr></thead><tbody>\n"
        for r in rows {
            s += "<tr><td>\(e(r.intent))</td><td><span class=\"badge b-\(e(r.phase))\">\(e(r.phase))</span></td>"
            s += "<td class=\"num\">\(Format.percent(r.passRate.value))</td><td>\(Format.interval(r.passRate.low, r.passRate.high))</td>"
            s += "<td class=\"num\">\(e(r.passRate.count))</td><td class=\"num\">\(Format.percent(r.automation.value))</td>"
            s += "<td class=\"num\">\(r.criticalViolations)</td><td>\(e(r.toAutonomous))</td></tr>\n"
        }
        s += "</tbody></table><p class=\"meta\">read-only → assisted (the agent drafts, a human approves) → autonomous, "
        s += "from the Wilson lower bound of each intent's pass rate and its critical violations (metrics.md).</p></section>\n"
        return s
    }

    static func violations(_ run: RunRecord) -> String {
        let all = run.results.flatMap { r in r.violations.map { (r, $0) } }
        var s = "<section id=\"violations\"><h2>Policy violations (\(all.filter { !$0.1.waived }.count))</h2>\n"
        guard !all.isEmpty else { return s + "<p class=\"empty\">None.</p></section>\n" }
        s += "<table><thead><tr><th>Scenario</th><th>Policy</th><th>Severity</th><th>Turn</th><th>Evidence</th></tr></thead><tbody>\n"
        for (r, v) in all.prefix(maxRows) {
            let waived = v.waived ? " <span class=\"chip\">(waived)</span>" : ""
            s += "<tr><td>\(link(r))</td><td>\(e(v.policy))\(waived)</td>"
            s += "<td><span class=\"badge b-\(v.severity.rawValue)\">\(v.severity.rawValue)</span></td>"
            s += "<td class=\"num\">\(v.turn.map(String.init) ?? "–")</td><td>\(e(v.evidence))</td></tr>\n"
        }
        return s + "</tbody></table>\(more(all.count))</section>\n"
    }

    static func hallucinations(_ run: RunRecord) -> String {
        let all = run.results.flatMap { r in r.hallucinations.map { (r, $0) } }
        var s = "<section id=\"hallucinations\"><h2>Hallucinations (\(all.count))</h2>\n"
        guard !all.isEmpty else { return s + "<p class=\"empty\">None: every checkable claim was grounded.</p></section>\n" }
        s += "<table><thead><tr><th>Scenario</th><th>Turn</th><th>Claim</th><th>Sentence</th><th>Compared with</th></tr></thead><tbody>\n"
        for (r, h) in all.prefix(maxRows) {
            s += "<tr><td>\(link(r))</td><td class=\"num\">\(h.turn)</td><td>\(e(h.kind)): <b>\(e(h.claim))</b></td>"
            s += "<td>\(e(h.sentence))</td><td><pre>\(e(h.comparedWith))</pre></td></tr>\n"
        }
        return s + "</tbody></table>\(more(all.count))</section>\n"
    }

    /// The drift against the baseline as two labelled tables, changed rows first; a placeholder
    /// when there is no baseline.
    static func drift(_ drift: DriftSection?) -> String {
        var s = "<section id=\"drift\"><h2>Drift</h2>\n"
        guard let drift else {
            return s + "<p class=\"empty\" id=\"no-drift\">No drift: this suite has no baseline yet "
                + "(<code>supportsim golden approve</code> writes goldens/baseline.json).</p></section>\n"
        }
        s += "<p id=\"drift-headline\">\(e(drift.headline))</p>\n"
        s += table(drift.metrics, id: "drift-metrics")
        if !drift.scenarios.rows.isEmpty { s += "<h3>Scenarios</h3>\n" + table(drift.scenarios, id: "drift-scenarios") }
        return s + "</section>\n"
    }

    static func tau(_ tau: TauSection) -> String {
        var s = "<section id=\"tau\"><h2>tau-bench</h2>\n<p>\(e(tau.headline))</p>\n"
        s += table(tau.figures, id: "tau-figures")
        if !tau.episodes.rows.isEmpty {
            s += "<h3>Episodes below reward 1 (\(tau.episodes.rows.count))</h3>\n" + table(tau.episodes, id: "tau-episodes")
        }
        return s + "</section>\n"
    }

    static func table(_ t: ReportTable, id: String) -> String {
        var s = "<table id=\"\(id)\"><thead><tr>" + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in t.rows.prefix(maxRows) {
            s += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
        }
        return s + "</tbody></table>\(more(t.rows.count))\n"
    }

    static func transcripts(_ run: RunRecord) -> String {
        """
        <section id="transcripts"><h2>Transcripts (\(run.results.count + run.invalid.count))</h2>
        <div class="controls">
        <input type="search" id="q" placeholder="Search id, title, reason, message…" aria-label="Search transcripts">
        <select id="f-status" aria-label="Status"><option value="">every status</option><option>pass</option><option>fail</option><option>error</option><option>invalid</option></select>
        <select id="f-intent" aria-label="Intent"><option value="">every intent</option></select>
        <select id="f-tag" aria-label="Tag"><option value="">every tag</option></select>
        <span class="chip" id="shown"></span>
        </div>
        <div id="rows"></div>
        <button type="button" class="more" id="more" hidden>Show more</button>
        <noscript><p class="empty">The transcripts need JavaScript; results.json has them all.</p></noscript>
        </section>

        """
    }

    /// A link that opens the conversation in the transcripts section.
    static func link(_ r: ScenarioResult) -> String {
        let key = "\(r.id)#\(r.trial)"
        let href = "#open=" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return "<a href=\"\(e(href))\">\(e(key))</a>"
    }

    static func more(_ count: Int) -> String {
        count > maxRows ? "<p class=\"meta\">…and \(count - maxRows) more: filter the transcripts to see them.</p>" : ""
    }
}
