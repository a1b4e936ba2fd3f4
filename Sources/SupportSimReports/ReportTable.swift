import SupportSimCore
import SupportSimScoring

/// A table of text cells with labelled columns, for sections that other modules compute
/// (drift) and the HTML report only shows: typed rows, never a JSON tree to guess columns from.
public struct ReportTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String]]
    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// The drift of a run against its baseline, as report.html shows it.
public struct DriftSection: Sendable, Hashable {
    /// One sentence: what was compared, and how many significant regressions.
    public var headline: String
    /// Changed metrics first.
    public var metrics: ReportTable
    /// Scenarios that changed status.
    public var scenarios: ReportTable
    /// What the run was compared with (`baseline (goldens/baseline.json)`, `run …`).
    public var baselineLabel: String
    /// The baseline's `metrics` object: the KPI tiles show the change against it.
    public var baselineMetrics: RunMetrics?

    public init(headline: String, metrics: ReportTable, scenarios: ReportTable, baselineLabel: String = "the baseline",
                baselineMetrics: RunMetrics? = nil) {
        self.headline = headline
        self.metrics = metrics
        self.scenarios = scenarios
        self.baselineLabel = baselineLabel
        self.baselineMetrics = baselineMetrics
    }
}
