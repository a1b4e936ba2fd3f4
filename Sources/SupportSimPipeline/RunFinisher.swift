import Foundation
import SupportSimCore
import SupportSimRunner

/// How a played (or merged) run ends, in this order: drift against its baseline, the gates
/// (once, drift ones included), the reports, the agent's log beside them, and the history's
/// record completed last, so that a run killed while writing is never taken for complete.
struct RunFinisher {
    let suite: Suite
    let history: HistoryStage?
    let reports: any ReportStage
    let out: URL
    let warnings: WarningLog

    func finish(_ record: RunRecord, agentLog: String = "", shard: ShardSpec? = nil) throws(RunFailure) -> RunOutcome {
        var record = record
        let drift = shard == nil ? DriftStage(history: history?.store).measure(record, suite: suite, warn: warnings.add) : nil
        GateStage.apply(&record, drift: drift, shard: shard)
        let written: URL
        do {
            written = try reports.write(record, drift: drift?.report,
                                        trend: StandardReportStage.trend(history?.store, suite: suite.config.name), to: out)
        } catch {
            throw .harnessFailure("\(error)")
        }
        // An exec agent's stderr is the run's agent log, kept beside the reports.
        if !agentLog.isEmpty {
            for folder in [written, out.appendingPathComponent("latest")] {
                try? Data(agentLog.utf8).write(to: folder.appendingPathComponent("agent-stderr.log"))
            }
        }
        try history?.complete(record)
        return RunOutcome(record: record, reportFolder: written, shard: shard, warnings: warnings.all)
    }
}
