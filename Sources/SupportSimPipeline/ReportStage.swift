import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimReports
import SupportSimRunner

/// A run's pass rate in the trend chart of report.html.
public struct TrendPoint: Sendable, Equatable {
    public let runID: String
    public let passRate: Double
}

/// The report stage: writes a finished run's reports into `<out>/<run-id>/` and `<out>/latest/`
/// and returns the run's folder. A protocol so that a test can put a failing one in its place.
public protocol ReportStage: Sendable {
    func write(_ record: RunRecord, drift: DriftReport?, trend: [TrendPoint], to out: URL) throws -> URL
}

/// results.json, report.md, junit.xml and report.html (with the drift and the history's trend).
public struct StandardReportStage: ReportStage {
    public init() {}

    public func write(_ record: RunRecord, drift: DriftReport?, trend: [TrendPoint], to out: URL) throws -> URL {
        var writers = ReportSet.standardWriters.filter { $0.fileName != "report.html" }
        writers.append(HTMLReportWriter(trend: trend.map { (runID: $0.runID, passRate: $0.passRate) },
                                        drift: drift.map(DriftStage.section)))
        return try ReportSet(writers: writers).write(record, to: out)
    }

    /// Pass rates of the last 20 complete runs of the suite, oldest first, for the trend chart.
    public static func trend(_ history: (any RunHistory)?, suite name: String) -> [TrendPoint] {
        guard let history else { return [] }
        let runs = (try? history.completeRuns(suite: name, before: nil, limit: 20)) ?? []
        return runs.compactMap { r in r.passRate.map { TrendPoint(runID: r.id, passRate: $0) } }.sorted { $0.runID < $1.runID }
    }
}
