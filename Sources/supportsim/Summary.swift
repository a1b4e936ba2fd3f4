import Foundation
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// The end-of-run lines on standard output.
enum Summary {
    /// `shard`: the run played one shard; its verdict is the merged run's, so none is printed.
    static func print(_ run: RunRecord, reportFolder: URL, quiet: Bool, shard: ShardSpec? = nil) {
        let m = run.metrics
        func rate(_ rate: Rate) -> String {
            guard let v = rate.roundedValue else { return "n/a" }
            return String(format: "%.1f%%", NSDecimalNumber(decimal: v).doubleValue * 100) + " (n=\(rate.n))"
        }
        if !quiet { printFailures(run) }
        if !quiet {
            let counts = m.counts
            Swift.print("\(run.info.suite): \(counts.pass) passed, \(counts.fail) failed, "
                        + "\(counts.error) errors, \(counts.invalid) invalid "
                        + "— pass rate \(rate(m.scenarioPassRate)), accuracy \(rate(m.accuracy))")
            Swift.print("reports: \(reportFolder.path)")
        }
        for g in run.gates { Swift.print(g.line) }
        if let shard {
            Swift.print("shard \(shard) played: \(run.results.count) conversations; "
                        + "the gates are evaluated when the shards are merged (supportsim merge)")
            return
        }
        Swift.print(run.passed ? "PASSED" : "FAILED")
    }

    /// The failing scenarios on standard error, grouped as report.md groups them, at most
    /// `limit` of them with their first reason.
    static func printFailures(_ run: RunRecord, limit: Int = 20) {
        let groups = FailureGroups(run).scenarios
        for g in groups.prefix(limit) {
            let trials = g.trialsRun > 1 ? " (\(g.failed.count) of \(g.trialsRun) trials)" : "#\(g.failed[0].trial)"
            let reason = g.reasons.first.map { " — \($0.reason)" } ?? ""
            let more = g.reasons.count > 1 ? " (+\(g.reasons.count - 1) more)" : ""
            Console.error(SafeText.neutralized("\(g.statuses.uppercased()) \(g.id)\(trials)\(reason)\(more)"))
        }
        if groups.count > limit {
            Console.error("…and \(groups.count - limit) more failing scenarios (see report.md)")
        }
    }
}
