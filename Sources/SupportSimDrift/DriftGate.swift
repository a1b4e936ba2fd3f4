import Foundation
import SupportSimCore
import SupportSimScoring

/// The `drift.*` gates (metrics.md, "Gates"): the drift figures under a `drift` key, in the shape
/// `GateEvaluator` reads, so `drift.regressions: {max: 0}` works like any other gate.
public enum DriftGate {
    /// The counts the `drift.*` gates read.
    public static func figures(_ report: DriftReport) -> RunMetrics.DriftFigures {
        .init(regressions: report.regressionCount, scenarioRegressions: report.scenarios.regressions.count,
              improvements: report.improvementCount, transcriptChanges: report.transcripts.count)
    }

    public static func isDriftGate(_ gate: Gate) -> Bool { gate.metric.hasPrefix("drift.") }

    /// The verdicts of the config's `drift.*` gates on a report; empty when none is configured.
    public static func evaluate(_ gates: [Gate], report: DriftReport) -> [GateVerdict] {
        var metrics = RunMetrics()
        metrics.drift = figures(report)
        return GateEvaluator.evaluate(gates.filter(isDriftGate), metrics: metrics)
    }

    /// For `supportsim run`: the run's metrics with the drift figures added (nothing is added
    /// when `report` is nil, so a drift gate without a baseline fails for want of a value), and
    /// every gate evaluated on them.
    public static func merge(_ report: DriftReport?, into metrics: RunMetrics, gates: [Gate]) -> (RunMetrics, [GateVerdict]) {
        var merged = metrics
        if let report { merged.drift = figures(report) }
        return (merged, GateEvaluator.evaluate(gates, metrics: merged))
    }
}
