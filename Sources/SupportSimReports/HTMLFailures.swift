import SupportSimRunner
import SupportSimScoring

/// report.html's first section: what failed, one row per scenario, so the reader starts where
/// the work is.
enum HTMLFailures {
    static let maxRows = 200

    static func section(_ run: RunRecord) -> String {
        let groups = FailureGroups(run).scenarios
        var s = "<section id=\"failures\"><h2>Failures (\(groups.count) scenario\(groups.count == 1 ? "" : "s"))</h2>\n"
        guard !groups.isEmpty || !run.invalid.isEmpty else {
            return s + "<p class=\"empty\" id=\"no-failures\">Every scenario passed.</p></section>\n"
        }
        s += "<table id=\"failures-table\"><thead><tr><th>Scenario</th><th>Trials failed</th><th>Status</th>"
        s += "<th>First reason</th><th>Agent trace (first failed trial)</th></tr></thead><tbody>\n"
        for g in groups.prefix(maxRows) {
            let first = g.failed[0]
            s += "<tr><td>\(HTMLSections.link(first))<div class=\"meta\">\(HTMLSections.e(g.title))</div></td>"
            s += "<td class=\"num\">\(g.failed.count) of \(g.trialsRun)</td><td>\(HTMLSections.e(g.statuses))</td>"
            s += "<td>\(HTMLSections.e(g.reasons.first?.reason ?? ""))</td><td>\(HTMLSections.e(trace(first)))</td></tr>\n"
        }
        for inv in run.invalid.prefix(maxRows) {
            s += "<tr><td>\(HTMLSections.e(inv.id))<div class=\"meta\">\(HTMLSections.e(inv.file))</div></td><td class=\"num\">—</td>"
            s += "<td>invalid</td><td>\(HTMLSections.e(inv.diagnostics.first?.description ?? ""))</td><td></td></tr>\n"
        }
        s += "</tbody></table>"
        if groups.count > maxRows { s += "<p class=\"meta\">…and \(groups.count - maxRows) more failing scenarios.</p>" }
        return s + "</section>\n"
    }

    /// The decisions of the agent's replies, up to the first failing turn's reply: what it
    /// was thinking when it went wrong.
    static func trace(_ r: ScenarioResult) -> String {
        let steps = r.record.agentReplies.flatMap { $0.reply?.trace ?? [] }.map { "\($0.agent): \($0.decision)" }
        guard !steps.isEmpty else { return r.record.agentReplies.first.map { "reply: " + String($0.text.prefix(160)) } ?? "" }
        let shown = steps.prefix(6).joined(separator: " → ")
        return steps.count > 6 ? shown + " → … (\(steps.count - 6) more)" : shown
    }
}
