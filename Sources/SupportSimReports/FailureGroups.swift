import SupportSimRunner
import SupportSimScoring

/// The run's failures grouped by scenario, in the run's order: what a reader acts on is a
/// scenario, and its trials share a cause more often than not.
public struct FailureGroups: Sendable {
    public struct Scenario: Sendable {
        public var id: String
        public var title: String
        /// The trials that did not pass.
        public var failed: [ScenarioResult]
        public var trialsRun: Int

        /// `fail`, `error` or `fail, error`.
        public var statuses: String {
            var seen: [String] = []
            for r in failed where !seen.contains(r.status.rawValue) { seen.append(r.status.rawValue) }
            return seen.joined(separator: ", ")
        }

        /// Each distinct reason with the number of failed trials that gave it, first seen first.
        public var reasons: [(reason: String, trials: Int)] {
            var order: [String] = []
            var counts: [String: Int] = [:]
            for r in failed {
                for reason in Set(r.failureReasons) {
                    if counts[reason] == nil { order.append(reason) }
                    counts[reason, default: 0] += 1
                }
            }
            // Reasons of the first failed trial first, in its order, then the others.
            let first = failed.first?.failureReasons ?? []
            let rest = order.filter { !first.contains($0) }
            return (first.filter { counts[$0] != nil } + rest).map { ($0, counts[$0] ?? 0) }
        }
    }

    public let scenarios: [Scenario]

    public init(_ run: RunRecord) {
        var byID: [String: Int] = [:]
        var groups: [Scenario] = []
        var trials: [String: Int] = [:]
        for r in run.results { trials[r.id, default: 0] += 1 }
        for r in run.results where r.status != .pass {
            if let i = byID[r.id] {
                groups[i].failed.append(r)
            } else {
                byID[r.id] = groups.count
                groups.append(Scenario(id: r.id, title: r.record.scenario.title, failed: [r], trialsRun: trials[r.id] ?? 1))
            }
        }
        scenarios = groups
    }
}
