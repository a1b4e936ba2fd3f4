import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// `report.html` (metrics.md, "Outputs of a run"): for managers, one self-contained file that
/// opens offline from an e-mail: gates, KPI tiles with intervals, charts, readiness, violations,
/// hallucinations, drift and every transcript.
///
/// The sections are written as escaped HTML (HTMLSections, HTMLCharts); the conversations travel
/// as a JSON block (HTMLData) that the page's own script (HTMLScript) renders on demand. A
/// Content-Security-Policy allows that one script by its hash, so even text that slipped through
/// as markup could not run.
public struct HTMLReportWriter: ReportWriter {
    /// Scenario pass rate of earlier runs of the suite, oldest first, for the trend chart.
    public var trend: [(runID: String, passRate: Double)]
    /// The drift of this run against its baseline, when it has one.
    public var drift: DriftSection?
    /// Conversations listed at a time before "Show more".
    public var pageSize: Int

    public init(trend: [(runID: String, passRate: Double)] = [], drift: DriftSection? = nil, pageSize: Int = 200) {
        self.trend = trend
        self.drift = drift
        self.pageSize = pageSize
    }

    public var fileName: String { "report.html" }

    public func render(_ run: RunRecord) -> String {
        HTMLPage.assemble(title: title(run), body: body(run), data: HTMLData.block(run, pageSize: pageSize), script: HTMLScript.source)
    }

    /// The same bytes as `render`, the conversations a batch at a time: the page of a large run
    /// is never held whole (nor copied into a String and then into Data, as writing `render`'s
    /// result would).
    public func write(_ run: RunRecord, to file: URL) throws {
        let f = try StreamedFile(file)
        f.buffer.append(contentsOf: HTMLPage.opening(title: title(run), body: body(run), script: HTMLScript.source))
        try HTMLData.stream(run, pageSize: pageSize) { piece in
            f.buffer.append(contentsOf: piece)
            try f.flushIfFull()
        }
        f.buffer.append(contentsOf: HTMLPage.closing(script: HTMLScript.source))
        try f.finish()
    }

    func title(_ run: RunRecord) -> String { "SupportSim — \(run.info.suite) — \(run.info.id)" }

    /// The sections above the conversations, as escaped HTML.
    func body(_ run: RunRecord) -> String {
        var body = HTMLSections.header(run)
        body += "<main>\n"
        body += HTMLFailures.section(run)
        body += HTMLSections.gates(run)
        body += HTMLSections.tiles(run, against: drift)
        if let usage = ModelUsageSection(run) {
            body += "<section id=\"model-usage\"><h2>Model usage</h2>\n" + HTMLSections.table(usage.table, id: "model-usage-table")
                + "</section>\n"
        }
        if let tau = TauSection(run) { body += HTMLSections.tau(tau) }
        body += HTMLSections.charts(run, trend: trend)
        body += HTMLSections.readiness(run)
        body += HTMLSections.violations(run)
        body += HTMLSections.hallucinations(run)
        body += HTMLSections.drift(drift)
        body += HTMLSections.transcripts(run)
        body += "</main>"
        return body
    }
}
