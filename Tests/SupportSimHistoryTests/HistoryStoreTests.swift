import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimHistoryPostgres
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The store in process, on SQLite and on PostgreSQL alike: what a run writes, and that nothing
/// written is ever changed.
struct HistoryStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: HistoryBackend.available)
    func aRunIsStoredAsItGoesAndCompletedWithItsMetrics(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let store = try scratch.open()
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
            #expect(try store.checks(conversationID: try #require(first.id)).count == record.results.first { $0.id == first.scenarioID }?.checks.count)
            let metrics = try store.metrics(runID: run.id)
            #expect(metrics["scenario_pass_rate"]?.n == 4 && metrics["scenario_pass_rate"]?.value == 1)
            #expect(metrics["frt_ms.p95"]?.value != nil)
            #expect(try store.conversationCounts(runID: run.id) == (4, 4))
            #expect(try store.latestCompleteRun(suite: suite.config.name)?.id == run.id)
        }
    }

    @Test(arguments: HistoryBackend.available)
    func storedRowsCanBeNeitherChangedNorDeleted(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let store = try scratch.open()
            let suite = try SyntheticRuns.suite(copies: 1)
            let record = try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
            var statements = ["DELETE FROM conversations", "UPDATE conversations SET status = 'fail'", "DELETE FROM runs",
                              "UPDATE runs SET status = 'incomplete'", "UPDATE metrics SET value = 0", "DELETE FROM checks"]
            if backend == .postgres { statements += ["TRUNCATE findings", "TRUNCATE runs CASCADE"] }
            for sql in statements {
                #expect(throws: (any Error).self, "\(sql)") { try store.executeForTesting(sql) }
            }
            // A finished run takes no more conversations.
            let late = SuiteRunner(suite: suite, agent: SyntheticRuns.agent())
            let results = await late.run(RunOptions(filters: ["orders/*"]))
            #expect(throws: (any Error).self) { try store.record(results[0], runID: record.info.id) }
            #expect(try store.conversations(runID: record.info.id).count == 2)
        }
    }

    @Test(arguments: HistoryBackend.available)
    func aRunningRunWhoseProcessIsGoneIsMarkedIncompleteOnOpen(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let store = try scratch.open()
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
            // The first store stays open: in PostgreSQL its connection holds the live runs' writer locks.
            let reopened = try withExtendedLifetime(store) { try scratch.open() }
            let status = Dictionary(uniqueKeysWithValues: try reopened.runs().map { ($0.id, $0.status) })
            _ = store.location
            #expect(status["dead"] == .incomplete)
            #expect(status["alive"] == .running)
            #expect(status["elsewhere"] == .running, "another host's process cannot be checked from here")
            #expect(status["reused"] == (here.startToken == nil ? .running : .incomplete))
        }
    }

    /// A CI job on a runner that is never seen again: no process of its host will look at its pid,
    /// but its connection, and with it its writer lock, is gone.
    @Test(.enabled(if: HistoryBackend.available.contains(.postgres), Comment(rawValue: HistoryBackend.missingServer)))
    func aRunOfAnotherHostWhoseWriterDisconnectedIsMarkedIncomplete() async throws {
        try await HistoryBackend.postgres.withScratch { scratch in
            let far = ProcessIdentity(pid: 4242, hostname: "ci-runner-never-seen-again", startToken: nil)
            let info = RunInfo(id: "far", suite: "s", agent: "a", startedAt: Self.t0, finishedAt: Self.t0, repeatCount: 1, filters: [])
            let suite = try SyntheticRuns.suite(copies: 1)
            let results = await SuiteRunner(suite: suite, agent: SyntheticRuns.agent()).run(RunOptions())
            let writer = try #require(try scratch.open() as? PostgresHistory)
            try writer.beginRun(info, configHash: nil, process: far)
            try writer.record(results[0], runID: "far")
            #expect(try scratch.open().run(id: "far")?.status == .running, "its writer is connected")
            #expect(try scratch.openReadOnly().run(id: "far")?.status == .running)
            writer.close()
            // The server lets go of the lock once it has seen the connection end: look until it has.
            let deadline = Date().addingTimeInterval(30)
            var seen = try scratch.openReadOnly().run(id: "far")?.status
            while seen == .running, Date() < deadline {
                usleep(20_000)
                seen = try scratch.openReadOnly().run(id: "far")?.status
            }
            #expect(seen == .incomplete, "a reader shows it as it would be marked")
            let store = try scratch.open()
            #expect(try store.run(id: "far")?.status == .incomplete && store.conversations(runID: "far").count == 1)
        }
    }

    @Test(arguments: HistoryBackend.available)
    func storesOpeningANewDatabaseAtOnceAllMigrateIt(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let opened = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 { group.addTask { (try? scratch.open()) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(opened == [true, true, true, true])
        }
    }

    @Test(arguments: HistoryBackend.available)
    func aRunIdThatIsTakenIsRefusedAndTheStoredRunKept(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let store = try scratch.open()
            let info = RunInfo(id: "same", suite: "s", agent: "a", startedAt: Self.t0, finishedAt: Self.t0, repeatCount: 1, filters: [])
            try store.beginRun(info, configHash: "first")
            let before = try store.dumpForTesting(runID: "same")
            #expect(throws: (any Error).self) { try store.beginRun(info, configHash: "second") }
            #expect(try store.dumpForTesting(runID: "same") == before)
        }
    }

    @Test func anUnusableDatabasePathIsAClearError() throws {
        let file = Fixtures.temporaryFolder("history").appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        #expect(throws: HistoryError.self) { try SQLiteHistory.open(at: file.appendingPathComponent("h.sqlite")) }
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
    @Test(arguments: HistoryBackend.available)
    func aReadOnlyStoreReadsRunsAndWritesNothing(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let runID: String
            do {
                let store = try scratch.open()
                let suite = try SyntheticRuns.suite(copies: 1)
                runID = try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: HistoryStoreTests.t0).info.id
                // A run whose process is gone: pid 999999999 on this host is never a live supportsim.
                try store.executeForTesting("""
                    INSERT INTO runs (id, started_at, suite, agent, status, repeat_count, filters, pid, hostname)
                    VALUES ('abandoned', '2026-01-01T00:00:00.000Z', 'x', 'y', 'running', 1, '[]', 999999999, '\(ProcessIdentity.current.hostname)')
                    """)
            }
            let before = try [runID, "abandoned"].map { try scratch.open(readOnlyDump: $0) }
            let fileBefore = try scratch.sqlite.map { try Data(contentsOf: $0) }
            let reader = try scratch.openReadOnly()
            #expect(reader.readOnly)
            let runs = try reader.runs()
            #expect(runs.count == 2)
            #expect(runs.first { $0.id == "abandoned" }?.status == .incomplete, "shown as it would be marked")
            #expect(throws: (any Error).self) { try reader.executeForTesting("DELETE FROM runs") }
            #expect(throws: (any Error).self) { try reader.markAbandonedRuns() }
            #expect(try [runID, "abandoned"].map { try scratch.open(readOnlyDump: $0) } == before, "nothing stored changed")
            #expect(try scratch.sqlite.map { try Data(contentsOf: $0) } == fileBefore, "the database file is unchanged")
            let writer = try scratch.open()
            #expect(try writer.run(id: "abandoned")?.status == .incomplete, "a writing open marks it for real")
        }
    }

    @Test(arguments: HistoryBackend.available)
    func aMissingHistoryIsAClearErrorForAReader(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            let error = try #require(throws: HistoryError.self) { try scratch.openReadOnly() }
            #expect(error.reason.contains("`supportsim run`") && error.isMissing)
            if let url = scratch.sqlite { #expect(!FileManager.default.fileExists(atPath: url.path)) }
        }
    }
}

extension ScratchHistory {
    /// A run's dump read through a read-only store, which changes nothing (not even abandoned runs).
    func open(readOnlyDump runID: String) throws -> [String] { try openReadOnly().dumpForTesting(runID: runID) }
}
