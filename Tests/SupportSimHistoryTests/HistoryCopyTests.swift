import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimTesting
import Testing

/// `history copy` in process: a local SQLite history into another history (PostgreSQL, or
/// another SQLite file), every run whole, and nothing twice.
struct HistoryCopyTests {
    @Test(arguments: HistoryBackend.available)
    func everyFinishedRunIsCopiedWholeOnceAndSkippedTheSecondTime(_ target: HistoryBackend) async throws {
        try await HistoryBackend.sqlite.withScratch { sourceScratch in
            let source = try sourceScratch.open()
            let suite = try SyntheticRuns.suite(copies: 2)
            try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: source, at: HistoryStoreTests.t0)
            try await SyntheticRuns.run(SyntheticRuns.worseOnOrders, suite: suite, store: source,
                                        at: HistoryStoreTests.t0.addingTimeInterval(60))
            // A run whose process died after one conversation, and one still being written.
            let results = await SuiteRunner(suite: suite, agent: SyntheticRuns.agent()).run(RunOptions())
            let info = { (id: String) in
                RunInfo(id: id, suite: suite.config.name, agent: "a", startedAt: HistoryStoreTests.t0.addingTimeInterval(120),
                        finishedAt: HistoryStoreTests.t0, repeatCount: 1, filters: [])
            }
            let dead = try HistoryStoreTests.pidOfAFinishedProcess()
            try source.beginRun(info("killed"), configHash: nil,
                                process: ProcessIdentity(pid: dead, hostname: ProcessIdentity.current.hostname, startToken: nil))
            try source.record(results[0], runID: "killed")
            try source.beginRun(info("alive"), configHash: nil)
            try source.record(results[0], runID: "alive")
            let reader = try sourceScratch.openReadOnly()

            try await target.withScratch { targetScratch in
                let into = try targetScratch.open()
                let first = try HistoryCopy.copy(from: reader, to: into)
                let outcomes = Dictionary(uniqueKeysWithValues: first.map { ($0.run.id, $0.outcome) })
                #expect(outcomes.filter { $0.value == .copied(conversations: 4) }.count == 2)
                #expect(outcomes["killed"] == .copied(conversations: 1) && outcomes["alive"] == .stillRunning)
                #expect(first.map(\.run.startedAt) == first.map(\.run.startedAt).sorted(), "oldest first")
                for (run, outcome) in first where outcome != .stillRunning {
                    let copied = try #require(Self.comparable(try into.contents(runID: run.id)))
                    let original = try #require(Self.comparable(try reader.contents(runID: run.id)))
                    #expect(copied.run == original.run)
                    #expect(copied.metrics == original.metrics)
                    #expect(copied.conversations == original.conversations)
                }
                #expect(try into.run(id: "killed")?.status == .incomplete)
                #expect(try into.run(id: "alive") == nil)
                let drift = try #require(try into.completeRuns(suite: suite.config.name, before: nil, limit: 5).first)
                #expect(drift.passRate == 0.5, "the newest complete run is the team's latest, as in the source")

                let before = try first.map { try into.dumpForTesting(runID: $0.run.id) }
                let second = try HistoryCopy.copy(from: reader, to: into)
                #expect(second.map(\.outcome).filter { $0 == .alreadyThere }.count == 3 && second.count == 4)
                #expect(try first.map { try into.dumpForTesting(runID: $0.run.id) } == before, "nothing copied twice or changed")
            }
        }
    }

    /// A run's contents without the row ids, which each history assigns itself.
    static func comparable(_ contents: StoredRunContents?) -> StoredRunContents? {
        guard var c = contents else { return nil }
        c.conversations = c.conversations.map { conv in
            var conv = conv
            conv.conversation.id = nil
            conv.checks = conv.checks.map { var k = $0; k.id = nil; k.conversationID = 0; return k }
            conv.findings = conv.findings.map { var f = $0; f.id = nil; f.conversationID = 0; return f }
            return conv
        }
        return c
    }
}
