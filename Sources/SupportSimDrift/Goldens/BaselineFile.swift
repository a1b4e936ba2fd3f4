import Foundation
import SupportSimCore
import SupportSimScoring

/// `goldens/baseline.json`: the approved run's metrics and, per scenario trial, the figures drift
/// compares (status, intent, channel, latencies, reported intents). It holds nothing that differs
/// between two readings of the same run: no run id, no wall-clock time.
public enum BaselineFile {
    public static let name = "baseline.json"

    public static func json(_ run: RunSnapshot) -> JSONValue {
        [
            "schema": 1,
            "suite": .string(run.suite),
            "agent": .string(run.agent),
            "metrics": run.metrics.json,
            "scenarios": .array(run.scenarios.map { s in
                [
                    "id": .string(s.id), "trial": .number(Decimal(s.trial)), "status": .string(s.status),
                    "intent": .string(s.intent), "channel": .string(s.channel),
                    "frt_ms": s.frtMs.map { .number(Decimal($0)) } ?? .null,
                    "resolution_ms": s.resolutionMs.map { .number(Decimal($0)) } ?? .null,
                    "reported_intents": .array(s.reportedIntents.map { .string($0) }),
                ]
            }),
        ]
    }

    public static func load(from goldens: URL) throws -> RunSnapshot {
        let data = try Data(contentsOf: goldens.appendingPathComponent(name))
        return RunSnapshot(baseline: try JSONValue.parse(data))
    }
}
