import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimTesting
import Testing

/// The built binary against one history database, SQLite or PostgreSQL: a run killed with SIGKILL,
/// and runs at once.
@Suite(.serialized)
struct HistoryBinaryTests {
    /// An exec agent that sleeps before each reply, so a run can be caught in the middle.
    static func slowAgent(seconds: Double) throws -> String {
        let script = """
            import json, sys, time
            while True:
                line = sys.stdin.readline()
                if not line: sys.exit(0)
                t = json.loads(line)
                if t.get("type") != "turn": continue
                time.sleep(\(seconds))
                sys.stdout.write(json.dumps({"type": "reply", "conversation": t["conversation"], "text": "Let me check that."}) + "\\n")
                sys.stdout.flush()
            """
        let file = Fixtures.temporaryFolder("agent").appendingPathComponent("slow.py")
        try Data(script.utf8).write(to: file)
        return "exec:python3 \(file.path)"
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment.merging(["CI": "1"]) { $1 }
        env["SUPPORTSIM_HISTORY_URL"] = nil
        p.environment = env.merging(environment) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test(arguments: HistoryBackend.available)
    func aKilledRunIsKeptIncompleteAndEarlierRunsAreUntouched(_ backend: HistoryBackend) async throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("reports").path
        try await backend.withScratch(suite: suite) { scratch in
            let env = scratch.environment
            for _ in 0..<2 {
                let r = try SupportSimBinary.run(["run", suite.path, "--out", out, "-q"], environment: env)
                #expect(r.status == 0, "\(r.stderr)")
            }
            let earlier = try scratch.open().runs()
            #expect(earlier.count == 2 && earlier.allSatisfy { $0.status == .complete })
            let before = try earlier.map { try scratch.open().dumpForTesting(runID: $0.id) }

            let slow = try Self.start(["run", suite.path, "--out", out, "--jobs", "1", "--agent", try Self.slowAgent(seconds: 0.3)],
                                      environment: env)
            // Wait for the first finished conversation to be stored, then kill the run in the middle.
            let run = try Self.firstRunningRunWithAConversation(scratch)
            kill(slow.processIdentifier, SIGKILL)
            slow.waitUntilExit()
            let killed = try #require(run, "the slow run never stored a conversation")

            let listing = try SupportSimBinary.run(["history", suite.path], environment: env)
            #expect(listing.status == 0)
            #expect(listing.stdout.split(separator: "\n").contains { $0.hasPrefix(killed.id) && $0.hasSuffix("incomplete") },
                    "\(listing.stdout)")
            let store = try scratch.open()
            let after = try #require(try store.run(id: killed.id))
            #expect(after.status == .incomplete && after.finishedAt == nil)
            let stored = try store.conversations(runID: killed.id)
            #expect((1..<4).contains(stored.count), "the conversations finished before the kill, and only those")
            #expect(try earlier.map { try store.dumpForTesting(runID: $0.id) } == before)
            let shown = try SupportSimBinary.run(["show", killed.id, "--suite", suite.path], environment: env)
            #expect(shown.stdout.contains("incomplete") && shown.stdout.contains("so far"), "\(shown.stdout)")
        }
    }

    /// Polls the history (no timed assertion: the caller fails only if the run never shows up).
    static func firstRunningRunWithAConversation(_ scratch: ScratchHistory) throws -> StoredRun? {
        let deadline = Date().addingTimeInterval(60)
        let store = try scratch.openReadOnly()
        while Date() < deadline {
            if let r = try store.runs().first(where: { $0.status == .running }), try store.conversationCounts(runID: r.id).total >= 1 {
                return r
            }
            usleep(50_000)
        }
        return nil
    }

    @Test(arguments: HistoryBackend.available)
    func eightRunsStartedAtOnceOnOneDatabaseAreAllStoredWhole(_ backend: HistoryBackend) async throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let agent = try Self.slowAgent(seconds: 0.05)
        try await backend.withScratch(suite: suite) { scratch in
            let runs = try (0..<8).map { _ in
                try Self.start(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path, "--agent", agent],
                               environment: scratch.environment)
            }
            for p in runs { p.waitUntilExit() }
            #expect(runs.map(\.terminationStatus).allSatisfy { $0 == 1 }, "the agent fails the scenarios but every run finishes")
            let store = try scratch.open()
            let stored = try store.runs()
            #expect(stored.count == 8 && Set(stored.map(\.id)).count == 8)
            #expect(Set(stored.compactMap(\.pid)) == Set(runs.map { Int($0.processIdentifier) }), "each process its own run")
            for r in stored {
                #expect(r.status == .complete && r.metricsJSON != nil)
                let conversations = try store.conversations(runID: r.id)
                #expect(conversations.count == 4 && Set(conversations.map(\.scenarioID)).count == 4)
            }
        }
    }

    @Test func anUnopenableHistoryStopsTheRunWithExitThree() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        try Data("x".utf8).write(to: suite.appendingPathComponent(".supportsim"))
        let r = try SupportSimBinary.run(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("history database"), "\(r.stderr)")
        let skipped = try SupportSimBinary.run(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path, "--no-history"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
    }

    @Test(arguments: HistoryBackend.available)
    func approveAndDriftFromTheCommandLine(_ backend: HistoryBackend) async throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("reports").path
        try await backend.withScratch(suite: suite) { scratch in
            let env = scratch.environment
            #expect(try SupportSimBinary.run(["run", suite.path, "--out", out, "-q"], environment: env).status == 0)
            #expect(try SupportSimBinary.run(["golden", "approve", suite.path], environment: env).status == 0)
            let goldens = suite.appendingPathComponent("goldens")
            let before = try Data(contentsOf: goldens.appendingPathComponent("baseline.json"))
            let again = try SupportSimBinary.run(["golden", "approve", suite.path], environment: env)
            #expect(again.stdout.contains("0 file(s) written, 5 unchanged"))
            #expect(try Data(contentsOf: goldens.appendingPathComponent("baseline.json")) == before)
            let drift = try SupportSimBinary.run(["drift", suite.path, "--out", out], environment: env)
            #expect(drift.status == 0, "\(drift.stderr)")
            #expect(drift.stdout.contains("significant regressions: 0"))
            #expect(FileManager.default.fileExists(atPath: out + "/drift.md") && FileManager.default.fileExists(atPath: out + "/drift.json"))
            #expect(try SupportSimBinary.run(["run", suite.path, "--out", out, "-q"], environment: env).status == 0)
            let previous = try SupportSimBinary.run(["drift", suite.path, "--against", "previous", "--out", out], environment: env)
            #expect(previous.status == 0 && previous.stdout.contains("significant regressions: 0"), "\(previous.stderr)")
        }
        let noBaseline = try SupportSimBinary.run(["drift", Fixtures.copy(Fixtures.acmeMini).path])
        #expect(noBaseline.status == 2)
    }

    @Test func runEvaluatesADriftGateAgainstTheApprovedBaseline() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let config = suite.appendingPathComponent("supportsim.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data((text.replacingOccurrences(of: "gates:\n", with: "gates:\n  drift.regressions: {max: 0}\n")).utf8).write(to: config)
        let out = Fixtures.temporaryFolder("reports").path
        let first = try SupportSimBinary.run(["run", suite.path, "--out", out])
        #expect(first.status == 1, "no baseline yet: the drift gate has no value and fails")
        #expect(first.stderr.contains("no baseline for the drift gates"))
        #expect(try SupportSimBinary.run(["golden", "approve", suite.path]).status == 0)
        let second = try SupportSimBinary.run(["run", suite.path, "--out", out])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("PASS  drift.regressions = 0  (max 0)"))
    }
}
