import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// `supportsim merge` as a library: the shards' conversations (read and checked to be one run
/// by the caller) scored again, stored in the history as one run, and finished as a played run
/// is: drift, gates, reports, history completed.
public struct MergePipeline: Sendable {
    public let suite: Suite
    /// The run the shards are parts of (any shard's header: they agree).
    public let header: JournalHeader
    public let shards: Int
    public let startedAt: Date
    public let out: URL
    public let keepsHistory: Bool
    public let environment: RunEnvironment

    public init(suite: Suite, header: JournalHeader, shards: Int, startedAt: Date, out: URL, keepsHistory: Bool,
                environment: RunEnvironment) {
        self.suite = suite
        self.header = header
        self.shards = shards
        self.startedAt = startedAt
        self.out = out
        self.keepsHistory = keepsHistory
        self.environment = environment
    }

    public func run(_ records: [ConversationRecord]) throws -> RunOutcome {
        let tau = try SuiteScoring.tauData(suite)
        // Scoring is the costly part of a merge and each conversation's is independent.
        let results = ParallelScoring.score(records, with: SuiteScoring.scorer(suite: suite, tau: tau))
        let plan = SuiteRunner.plan(suite, RunOptions(filters: header.filters, repeatCount: header.repeatCount))
        let info = RunInfo(id: RunInfo.newID(), suite: header.suite, agent: header.agent, startedAt: startedAt, finishedAt: Date(),
                           repeatCount: header.repeatCount, filters: header.filters, gitCommit: header.gitCommit)
        let history = keepsHistory ? HistoryStage(store: try environment.openHistory(), suite: suite) : nil
        try history?.begin(info)
        let record = RunRecord(info: info, config: suite.config, results: RunPlan.ordered(plan, results), invalid: suite.invalidScenarios, evaluatingGates: false)
        for r in record.results { history?.record(r) }
        environment.observer.merged(shards: shards, suite: header.suite, conversations: record.results.count, as: info.id)
        return try RunFinisher(suite: suite, history: history, reports: environment.reports, out: out,
                               warnings: WarningLog(observer: environment.observer)).finish(record)
    }
}
