import Foundation
import Synchronization
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// Many writers on one history at once, as many CI jobs on the team's database: each run is
/// stored whole, under its own id, and no row of one run lands in another.
struct HistoryConcurrencyTests {
    @Test(arguments: HistoryBackend.available)
    func eightWritersAtOnceEachStoreTheirOwnRunWhole(_ backend: HistoryBackend) async throws {
        let suite = try SyntheticRuns.suite(copies: 3)
        let results = await SuiteRunner(suite: suite, agent: SyntheticRuns.agent()).run(RunOptions(jobs: 4))
        let writers = 8
        try await backend.withScratch { scratch in
            _ = try scratch.open()  // migrated once, so that the writers' opens race only on marking
            #expect(Self.writeAtOnce(writers: writers, into: scratch, suite: suite, results: results) == [])

            let store = try scratch.open()
            let runs = try store.runs()
            #expect(Set(runs.map(\.id)) == Set((0..<writers).map { "writer-\($0)" }))
            let expected = results.map { "\($0.id)#\($0.trial)" }.sorted()
            for run in runs {
                #expect(run.status == .complete && run.agent == "writer \(run.id.dropFirst(7))" && run.passRate == 1)
                let conversations = try store.conversations(runID: run.id)
                #expect(conversations.map { "\($0.scenarioID)#\($0.trial)" } == expected, "\(run.id)")
                #expect(conversations.allSatisfy { $0.runID == run.id })
                #expect(try store.metrics(runID: run.id)["scenario_pass_rate"]?.n == results.count)
                for c in conversations {
                    let scored = try #require(results.first { $0.id == c.scenarioID })
                    #expect(try store.checks(conversationID: try #require(c.id)).count == scored.checks.count)
                }
            }
            let ids = try runs.flatMap { try store.conversations(runID: $0.id).compactMap(\.id) }
            #expect(Set(ids).count == writers * results.count, "every conversation has an id of its own")
        }
    }

    /// Each writer opens its own store and begins its run; once all have begun, all record their
    /// conversations and finish at the same time. Returns the writers' errors.
    static func writeAtOnce(writers: Int, into scratch: ScratchHistory, suite: Suite, results: [ScenarioResult]) -> [String] {
        let failures = Failures()
        let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0), done = DispatchGroup()
        for w in 0..<writers {
            done.enter()
            // Threads, not tasks: each writer blocks on its database for real, all at the same time.
            Thread {
                defer { done.leave() }
                do {
                    let store = try scratch.open()
                    let t0 = Date(timeIntervalSince1970: 1_790_000_000 + Double(w))
                    let info = RunInfo(id: "writer-\(w)", suite: suite.config.name, agent: "writer \(w)", startedAt: t0,
                                       finishedAt: t0.addingTimeInterval(1), repeatCount: 1, filters: [])
                    try store.beginRun(info, configHash: "w\(w)")
                    ready.signal()
                    go.wait()
                    for r in results { try store.record(r, runID: info.id) }
                    try store.finishRun(RunRecord(info: info, config: suite.config, results: results, invalid: []))
                } catch {
                    ready.signal()
                    failures.add("writer \(w): \(error)")
                }
            }.start()
        }
        for _ in 0..<writers { ready.wait() }
        for _ in 0..<writers { go.signal() }
        done.wait()
        return failures.all
    }
}

/// Errors from threads, gathered.
final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ message: String) { list.withLock { $0.append(message) } }
    var all: [String] { list.withLock { $0 } }
}
