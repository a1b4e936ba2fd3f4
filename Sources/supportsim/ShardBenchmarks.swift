import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimJournal
import SupportSimPipeline
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// `supportsim bench`'s figures for runs beyond one job: a run with its journal, the same run as
/// two shards side by side (as two CI jobs on this machine's cores), and merging ten shards.
enum ShardBenchmarks {
    static func run(_ big: Suite, jobs: Int?) async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-bench-shards-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let agent = ReferenceAgent(suite: big)

        var t0 = ContinuousClock.now
        let whole = try await play(big, agent: agent, shard: nil, jobs: jobs ?? cores, into: folder.appendingPathComponent("whole"))
        let wholeTime = ContinuousClock.now - t0
        print(Benchmarks.row("1 shard (the whole run, journal written)", wholeTime, turns: Benchmarks.customerTurns(whole)))

        t0 = ContinuousClock.now
        let halves = try await withThrowingTaskGroup(of: [ScenarioResult].self) { group in
            for i in 1...2 {
                group.addTask {
                    try await play(big, agent: agent, shard: ShardSpec(index: i, count: 2), jobs: max(1, (jobs ?? cores) / 2),
                                   into: folder.appendingPathComponent("half-\(i)"))
                }
            }
            var all: [ScenarioResult] = []
            for try await part in group { all += part }
            return all
        }
        let halvesTime = ContinuousClock.now - t0
        print(Benchmarks.row("2 shards side by side", halvesTime, turns: Benchmarks.customerTurns(halves)))

        // Ten shards' journals, then what `merge` does with them: read, check, score, metrics, reports.
        var journals: [URL] = []
        for i in 1...10 {
            let dir = folder.appendingPathComponent("tenth-\(i)")
            _ = try await play(big, agent: agent, shard: ShardSpec(index: i, count: 10), jobs: jobs ?? cores, into: dir)
            journals.append(dir.appendingPathComponent(RunJournal.fileName))
        }
        t0 = ContinuousClock.now
        let merged = try merge(journals, suite: big, out: folder.appendingPathComponent("merged"))
        print(Benchmarks.row("merge 10 shards of \(merged.conversations) conversations", ContinuousClock.now - t0))
        print(Benchmarks.row("  of which reading the journals", merged.read))
        print(Benchmarks.row("  of which scoring", merged.score))
        print(Benchmarks.row("  of which metrics and reports", merged.report))
    }

    static func play(_ suite: Suite, agent: any SupportAgent, shard: ShardSpec?, jobs: Int, into dir: URL) async throws -> [ScenarioResult] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let header = JournalHeader(runID: "bench", suite: suite.config.name, suiteDigest: "bench", agent: "reference", gitCommit: nil,
                                   repeatCount: 1, filters: [], shard: shard, startedAt: Date())
        let writer = try JournalWriter.create(at: dir.appendingPathComponent(RunJournal.fileName), header: header)
        defer { writer.close() }
        return await SuiteRunner(suite: suite, agent: agent).run(RunOptions(jobs: jobs, shard: shard), finished: { result, world in
            try? writer.append(line: PlayedConversation.line(result.record, startingWorld: world))
        })
    }

    static func merge(_ journals: [URL], suite: Suite, out: URL) throws -> (conversations: Int, read: Duration, score: Duration, report: Duration) {
        var t0 = ContinuousClock.now
        let records = try ShardJournal.records(try ShardJournal.loadAll(journals.map { $0.deletingLastPathComponent().path }, finished: false), in: suite)
        let read = ContinuousClock.now - t0
        t0 = ContinuousClock.now
        let results = ParallelScoring.score(records, with: StandardScorer(suite: suite))
        let score = ContinuousClock.now - t0
        t0 = ContinuousClock.now
        let plan = SuiteRunner.plan(suite, RunOptions())
        let info = RunInfo(id: "bench-merged", suite: suite.config.name, agent: "reference", startedAt: Date(), finishedAt: Date(),
                           repeatCount: 1, filters: [])
        let record = RunRecord(info: info, config: suite.config, results: RunPlan.ordered(plan, results), invalid: [])
        try ReportSet(writers: ReportSet.standardWriters).write(record, to: out)
        return (record.results.count, read, score, ContinuousClock.now - t0)
    }
}
