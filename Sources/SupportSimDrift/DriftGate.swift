import Foundation
import SupportSimCore
import SupportSimScoring

/// The `drift.*` gates (metrics.md, "Gates"): the drift figures under a `drift` key, in the shape
/// `GateEvaluator` reads, so `drift.regressions: {max: 0}` works like any other gate.
public enum DriftGate {
    /// `{"drift": {"regressions": …, "scenario_regressions": …, "improvements": …, "transcript_changes": …}}`.
    public static func metrics(_ report: DriftReport) -> JSONValue {
        ["drift": [
            "regressions": .number(Decimal(report.regressionCount)),
            "scenario_regressions": .number(Decimal(report.scenarios.regressions.count)),
            "improvements": .number(Decimal(report.improvementCount)),
            "transcript_changes": .number(Decimal(report.transcripts.count)),
        ]]
    }

    public static func isDriftGate(_ gate: Gate) -> Bool { gate.metric.hasPrefix("drift.") }

    /// The verdicts of the config's `drift.*` gates on a report; empty when none is configured.
    public static func evaluate(_ gates: [Gate], report: DriftReport) -> [GateVerdict] {
        GateEvaluator.evaluate(gates.filter(isDriftGate), metrics: metrics(report))
    }

    /// For `supportsim run`: the run's metrics with the drift figures merged in (nothing is added
    /// when `report` is nil, so a drift gate without a baseline fails for want of a value), and
    /// every gate evaluated on them.
    public static func merge(_ report: DriftReport?, into metrics: JSONValue, gates: [Gate]) -> (JSONValue, [GateVerdict]) {
        var merged = metrics.objectValue ?? [:]
        if let report, let drift = Self.metrics(report)["drift"] { merged["drift"] = drift }
        let m = JSONValue.object(merged)
        return (m, GateEvaluator.evaluate(gates, metrics: m))
    }
}
