import SupportSimCore
import SupportSimDrift
import SupportSimRunner
import SupportSimScoring

/// The gate stage: every gate of the config, drift ones included, evaluated once on the run's
/// final metrics, into the one verdict list that decides the exit code, the reports and the
/// history's record.
public enum GateStage {
    /// Sets `record.gates` (and, when the config gates on drift, merges the drift figures into
    /// `record.metrics` first). A shard evaluates none: its metrics cover only its part of the
    /// run, and `merge` gates the whole.
    public static func apply(_ record: inout RunRecord, drift: DriftStage.Outcome?, shard: ShardSpec?) {
        if shard != nil {
            record.gates = []
            return
        }
        if let drift, drift.hasDriftGates {
            // Without a report nothing is merged, so a drift gate fails for want of a value.
            (record.metrics, _) = DriftGate.merge(drift.report, into: record.metrics, gates: [])
        }
        record.gates = GateEvaluator.evaluate(record.config.gates, metrics: record.metrics)
    }
}
