import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The store in process: what a run writes, and that nothing written is ever changed.
struct HistoryStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func aRunIsStoredAsItGoesAndCompletedWithItsMetrics() async throws {
        let (store, _) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 2)
        let record = try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        let run = try #require(try store.run(id: record.info.id))
        #expect(run.status == .complete && run.passRate == 1 && run.passed == true)
        #expect(run.startedAt == "2026-09-21T14:13:20.000Z" && run.pid == Int(getpid()))
        let conversations = try store.conversations(runID: run.id)
        #expect(conversations.count == 4)
        #expect(conversations.map(\.scenarioID) == conversations.map(\.scenarioID).sorted())
        let first = try #require(conversations.first)
        #expect(first.resultJSON["transcript"]?.arrayValue?.isEmpty == false)
        #expect(first.intent == "billing.double_charge" && first.status == "pass")
        let metrics = try store.metrics(runID: run.id)
        #expect(metrics["scenario_pass_rate"]?.n == 4 && metrics["scenario_pass_rate"]?.value == 1)
        #expect(metrics["frt_ms.p95"]?.value != nil)
    }

    @Test func storedRowsCanBeNeitherChangedNorDeleted() async throws {
        let (store, _) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 1)
        let record = try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        for sql in ["DELETE FROM conversations", "UPDATE conversations SET status = 'fail'", "DELETE FROM runs",
                    "UPDATE runs SET status = 'incomplete'", "UPDATE metrics SET value = 0", "DELETE FROM checks"] {
            #expect(throws: (any Error).self, "\(sql)") { try store.executeForTesting(sql) }
        }
        // A finished run takes no more conversations.
        let late = SuiteRunner(suite: suite, agent: SyntheticRuns.agent())
        let results = await late.run(RunOptions(filters: ["orders/*"]))
        #expect(throws: (any Error).self) { try store.record(results[0], runID: record.info.id) }
        #expect(try store.conversations(runID: record.info.id).count == 2)
    }

    @Test func aRunningRunWhoseProcessIsGoneIsMarkedIncompleteOnOpen() throws {
        let folder = Fixtures.temporaryFolder("history")
        let url = folder.appendingPathComponent("h.sqlite")
        let store = try HistoryStore.open(at: url)
        let dead = try Self.pidOfAFinishedProcess()
        let here = ProcessIdentity.current
        let info = { (id: String) in
            RunInfo(id: id, suite: "s", agent: "a", startedAt: Self.t0, finishedAt: Self.t0, repeatCount: 1, filters: [])
        }
        try store.beginRun(info("dead"), configHash: nil, process: ProcessIdentity(pid: dead, hostname: here.hostname, startToken: nil))
        try store.beginRun(info("alive"), configHash: nil)
        try store.beginRun(info("elsewhere"), configHash: nil,
                           process: ProcessIdentity(pid: dead, hostname: "another-host", startToken: nil))
        // The same pid, but another process start: the pid was reused.
        try store.beginRun(info("reused"), configHash: nil,
                           process: ProcessIdentity(pid: here.pid, hostname: here.hostname, startToken: "other-boot:1"))
        let reopened = try HistoryStore.open(at: url)
        let status = Dictionary(uniqueKeysWithValues: try reopened.runs().map { ($0.id, $0.status) })
        #expect(status["dead"] == .incomplete)
        #expect(status["alive"] == .running)
        #expect(status["elsewhere"] == .running, "another host's process cannot be checked from here")
        #expect(status["reused"] == (here.startToken == nil ? .running : .incomplete))
    }

    @Test func twoStoresOpeningANewDatabaseAtOnceBothMigrateIt() async throws {
        let url = Fixtures.temporaryFolder("history").appendingPathComponent("h.sqlite")
        let opened = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 { group.addTask { (try? HistoryStore.open(at: url)) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(opened == [true, true, true, true])
    }

    @Test func anUnusableDatabasePathIsAClearError() throws {
        let file = Fixtures.temporaryFolder("history").appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        #expect(throws: HistoryError.self) { try HistoryStore.open(at: file.appendingPathComponent("h.sqlite")) }
    }

    static func pidOfAFinishedProcess() throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return Int(p.processIdentifier)
    }
}

/// The commands that only read the history open it read-only and change nothing.
struct ReadOnlyHistoryTests {
    @Test func aReadOnlyStoreReadsRunsAndWritesNothing() async throws {
        let folder = Fixtures.temporaryFolder("history")
        let url = folder.appendingPathComponent("history.sqlite")
        do {
            let store = try HistoryStore.open(at: url)
            let suite = try SyntheticRuns.suite(copies: 1)
            _ = try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: HistoryStoreTests.t0)
            // A run whose process is gone: pid 0 on this host is never a live supportsim.
            try store.executeForTesting("""
                INSERT INTO runs (id, started_at, suite, agent, status, repeat_count, filters, pid, hostname)
                VALUES ('abandoned', '2026-01-01T00:00:00.000Z', 'x', 'y', 'running', 1, '[]', 999999999, '\(ProcessIdentity.current.hostname)')
                """)
        }
        let before = try Data(contentsOf: url)
        let reader = try HistoryStore.openReadOnly(at: url)
        let runs = try reader.runs()
        #expect(runs.count == 2)
        #expect(runs.first { $0.id == "abandoned" }?.status == .incomplete, "shown as it would be marked")
        #expect(throws: (any Error).self) { try reader.executeForTesting("DELETE FROM runs") }
        #expect(try Data(contentsOf: url) == before, "the database file is unchanged")
        let writer = try HistoryStore.open(at: url)
        #expect(try writer.run(id: "abandoned")?.status == .incomplete, "a writing open marks it for real")
    }

    @Test func aMissingHistoryIsAClearErrorForAReader() throws {
        let url = Fixtures.temporaryFolder("none").appendingPathComponent("history.sqlite")
        let error = try #require(throws: HistoryError.self) { try HistoryStore.openReadOnly(at: url) }
        #expect(error.reason.contains("`supportsim run` creates it"))
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
