import Foundation
import SupportSimCore

/// The run's figures (metrics.md), computed from scored conversations alone.
public struct MetricsCalculator: Sendable {
    public let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func metrics(_ results: [ScenarioResult], invalid: Int = 0) -> JSONValue {
        var m: [String: JSONValue] = [:]
        let played = results
        let total = played.count + invalid
        m["counts"] = [
            "total": .number(Decimal(total)),
            "pass": .number(Decimal(played.filter { $0.status == .pass }.count)),
            "fail": .number(Decimal(played.filter { $0.status == .fail }.count)),
            "error": .number(Decimal(played.filter { $0.status == .error }.count)),
            "invalid": .number(Decimal(invalid)),
        ]
        m["errors"] = .number(Decimal(played.filter { $0.status == .error }.count))
        m["scenario_pass_rate"] = Rate(played.filter { $0.status == .pass }.count, of: total).json

        let scored = played.flatMap(\.checks).filter { $0.passed != nil }
        m["accuracy"] = Rate(scored.filter { $0.passed == true }.count, of: scored.count).json
        let intents = played.flatMap(\.checks).filter { $0.kind == "intent" && $0.passed != nil }
        m["intent_accuracy"] = Rate(intents.filter { $0.passed == true }.count, of: intents.count).json

        let completed = played.filter { $0.status != .error }
        let n = played.count
        m["automation_rate"] = Rate(completed.filter { $0.record.resolution == .resolved }.count, of: n).json
        m["escalation_rate"] = Rate(completed.filter { $0.record.resolution == .escalated }.count, of: n).json
        m["frt_ms"] = Distribution(played.compactMap(\.record.frtMs)).json
        m["resolution_ms"] = Distribution(completed.filter { $0.record.resolution == .resolved }.map(\.record.durationMs)).json
        m["handoff_ms"] = Distribution(completed.filter { $0.record.resolution == .escalated }.map(\.record.durationMs)).json

        let trials = Dictionary(grouping: played, by: \.id)
        let k = trials.values.map(\.count).max() ?? 1
        if k > 1 {
            let groups = trials.values
            m["pass_hat_k"] = Rate(groups.filter { $0.allSatisfy { $0.status == .pass } }.count, of: groups.count).json
            m["pass_at_k"] = Rate(groups.filter { $0.contains { $0.status == .pass } }.count, of: groups.count).json
            m["flaky"] = Rate(groups.filter { g in g.contains { $0.status == .pass } && g.contains { $0.status != .pass } }.count,
                              of: groups.count).json
            m["k"] = .number(Decimal(k))
        }
        return .object(m)
    }
}
