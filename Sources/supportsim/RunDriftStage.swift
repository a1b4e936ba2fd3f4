import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// The drift stage of `supportsim run`: the finished run against its baseline, and the
/// `drift.*` gates evaluated on it. The baseline is the suite's committed
/// `goldens/baseline.json`, which needs no history, so a fresh CI clone run with `--no-history`
/// has its drift gate. Without that file, the previous complete run in the history is the baseline.
enum RunDriftStage {
    /// Adds the drift figures and gates to `record`; returns the report for the HTML page, or nil
    /// when there is no baseline (a drift gate then fails for want of a value).
    static func apply(_ record: inout RunRecord, suite: Suite, history: (any RunHistory)?) -> DriftReport? {
        let goldens = suite.root.appendingPathComponent("goldens")
        let hasBaselineFile = FileManager.default.fileExists(atPath: goldens.appendingPathComponent(BaselineFile.name).path)
        let hasDriftGates = record.config.gates.contains(where: DriftGate.isDriftGate)
        guard hasDriftGates || hasBaselineFile else { return nil }
        let report = drift(record, goldens: goldens, history: history)
        if hasDriftGates {
            (record.metrics, record.gates) = DriftGate.merge(report, into: record.metrics, gates: record.config.gates)
        }
        return report
    }

    private static func drift(_ record: RunRecord, goldens: URL, history: (any RunHistory)?) -> DriftReport? {
        let current = RunSnapshot(label: "run \(record.info.id)", runID: record.info.id, suite: record.info.suite,
                                  agent: record.info.agent, metrics: record.metrics,
                                  scenarios: record.results.map { ScenarioSnapshot(resultsObject: ResultsJSONWriter.scenario($0)) })
        var baseline: RunSnapshot?
        if FileManager.default.fileExists(atPath: goldens.appendingPathComponent(BaselineFile.name).path) {
            do {
                baseline = try BaselineFile.load(from: goldens)
            } catch {
                Console.error("warning: goldens/\(BaselineFile.name) cannot be read (\(error)); approve a new one with `supportsim golden approve`")
            }
        }
        if baseline == nil, let history, let previous = try? history.latestCompleteRun(suite: record.info.suite) {
            baseline = try? RunSnapshot(store: history, run: previous)
        }
        guard let baseline else {
            Console.error("warning: no baseline for the drift gates (no goldens/baseline.json"
                          + (history == nil ? ", and --no-history leaves no earlier run" : " and no earlier complete run") + ")")
            return nil
        }
        return DriftAnalyzer(settings: DriftSettings(config: record.config))
            .compare(baseline: baseline, current: current, goldens: GoldenTranscript.loadAll(from: goldens))
    }

    /// What report.html shows of the drift.
    static func section(_ report: DriftReport) -> DriftSection {
        DriftSection(headline: report.headline,
                     metrics: ReportTable(columns: DriftReport.metricColumns, rows: report.metricRows),
                     scenarios: ReportTable(columns: DriftReport.scenarioColumns, rows: report.scenarioRows),
                     baselineLabel: report.baselineLabel, baselineMetrics: report.baselineMetrics)
    }
}
