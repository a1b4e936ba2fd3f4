import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

/// How a played (or merged) run ends: drift against its baseline, the reports, the history's
/// record of it completed, the summary, and the exit code from its gates.
struct RunCompletion {
    let suite: Suite
    let history: RunHistoryRecorder?
    let out: URL
    let quiet: Bool

    /// A tau suite's data (nil for a support suite); exits 2 when it cannot be read.
    static func tauData(_ suite: Suite) throws -> TauSuiteData? {
        guard suite.config.domain != .support else { return nil }
        do {
            return try TauSuiteData(suite: suite)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }

    /// The scorer a suite's conversations are scored with: tau-bench's rules and reward for a tau
    /// suite, the standard checks otherwise.
    static func scorer(suite: Suite, tau: TauSuiteData?) -> any ConversationScorer {
        tau.map { TauScorer(suite: suite, policy: $0.policy) } ?? StandardScorer(suite: suite)
    }

    /// Writes everything and exits 1 when a gate failed. A shard's run evaluates no gate: its
    /// metrics cover only its part of the run, and `merge` gates the whole.
    func finish(_ record: inout RunRecord, agentLog: String = "", shard: ShardSpec? = nil) throws {
        if shard != nil { record.gates = [] }
        let drift = shard == nil ? RunDriftStage.apply(&record, suite: suite, history: history?.store) : nil
        let written: URL
        do {
            var writers = ReportSet.standardWriters.filter { $0.fileName != "report.html" }
            writers.append(HTMLReportWriter(trend: history?.trend(suite: suite.config.name) ?? [],
                                            drift: drift.map(RunDriftStage.section)))
            written = try ReportSet(writers: writers).write(record, to: out)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        // An exec agent's stderr is the run's agent log, kept beside the reports.
        if !agentLog.isEmpty {
            for folder in [written, out.appendingPathComponent("latest")] {
                try? Data(agentLog.utf8).write(to: folder.appendingPathComponent("agent-stderr.log"))
            }
        }
        try history?.complete(record)
        Summary.print(record, reportFolder: written, quiet: quiet, shard: shard)
        if shard != nil { return }
        if !record.passed { throw ExitStatus.gateFailed.exitCode }
    }
}
