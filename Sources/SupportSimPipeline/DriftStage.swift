import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// The drift stage: the finished run against its baseline. The baseline is the suite's
/// committed `goldens/baseline.json`, which needs no history, so a fresh CI clone run with
/// `--no-history` has its drift gate. Without that file, the previous complete run in the
/// history is the baseline. The stage only measures; the `drift.*` gates are evaluated with the
/// others by `GateStage`.
public struct DriftStage: Sendable {
    /// Where an earlier run is read from when the suite commits no baseline; nil without history.
    let history: (any RunHistory)?

    public init(history: (any RunHistory)?) { self.history = history }

    /// What the stage found: the report (nil when there is no baseline, a drift gate then fails
    /// for want of a value), and whether the run's gates include drift ones.
    public struct Outcome: Sendable {
        public let report: DriftReport?
        public let hasDriftGates: Bool
    }

    /// Nil when the suite neither commits a baseline nor gates on drift: there is nothing to do.
    public func measure(_ record: RunRecord, suite: Suite, warn: (String) -> Void) -> Outcome? {
        let goldens = suite.root.appendingPathComponent("goldens")
        let hasBaselineFile = FileManager.default.fileExists(atPath: goldens.appendingPathComponent(BaselineFile.name).path)
        let hasDriftGates = record.config.gates.contains(where: DriftGate.isDriftGate)
        guard hasDriftGates || hasBaselineFile else { return nil }
        return Outcome(report: drift(record, goldens: goldens, warn: warn), hasDriftGates: hasDriftGates)
    }

    private func drift(_ record: RunRecord, goldens: URL, warn: (String) -> Void) -> DriftReport? {
        let current = RunSnapshot(label: "run \(record.info.id)", runID: record.info.id, suite: record.info.suite,
                                  agent: record.info.agent, metrics: record.metrics,
                                  scenarios: record.results.map(ScenarioSnapshot.init(result:)))
        var baseline: RunSnapshot?
        if FileManager.default.fileExists(atPath: goldens.appendingPathComponent(BaselineFile.name).path) {
            do {
                baseline = try BaselineFile.load(from: goldens)
            } catch {
                warn("goldens/\(BaselineFile.name) cannot be read (\(error)); approve a new one with `supportsim golden approve`")
            }
        }
        if baseline == nil, let history, let previous = try? history.latestCompleteRun(suite: record.info.suite) {
            baseline = try? RunSnapshot(store: history, run: previous)
        }
        guard let baseline else {
            warn("no baseline for the drift gates (no goldens/baseline.json"
                 + (history == nil ? ", and --no-history leaves no earlier run" : " and no earlier complete run") + ")")
            return nil
        }
        return DriftAnalyzer(settings: DriftSettings(config: record.config))
            .compare(baseline: baseline, current: current, goldens: GoldenTranscript.loadAll(from: goldens))
    }

    /// What report.html shows of the drift.
    public static func section(_ report: DriftReport) -> DriftSection {
        DriftSection(headline: report.headline,
                     metrics: ReportTable(columns: DriftReport.metricColumns, rows: report.metricRows),
                     scenarios: ReportTable(columns: DriftReport.scenarioColumns, rows: report.scenarioRows),
                     baselineLabel: report.baselineLabel, baselineMetrics: report.baselineMetrics)
    }
}
