import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimTesting
import Testing

/// The built binary against one history database: a run killed with SIGKILL, and runs at once.
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

    static func history(_ suite: URL) throws -> HistoryStore {
        try HistoryStore.open(at: suite.appendingPathComponent(".supportsim/history.sqlite"))
    }

    static func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(["CI": "1"]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    @Test func aKilledRunIsKeptIncompleteAndEarlierRunsAreUntouched() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("reports").path
        for _ in 0..<2 {
            let r = try SupportSimBinary.run(["run", suite.path, "--out", out, "-q"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let earlier = try Self.history(suite).runs()
        #expect(earlier.count == 2 && earlier.allSatisfy { $0.status == .complete })
        let before = try earlier.map { try Self.history(suite).dumpForTesting(runID: $0.id) }

        let slow = try Self.start(["run", suite.path, "--out", out, "--jobs", "1", "--agent", try Self.slowAgent(seconds: 0.3)])
        // Wait for the first finished conversation to be stored, then kill the run in the middle.
        let deadline = Date().addingTimeInterval(30)
        var killed: StoredRun?
        while Date() < deadline, killed == nil {
            let store = try Self.history(suite)
            if let r = try store.runs().first(where: { $0.status == .running }), try store.conversationCounts(runID: r.id).total >= 1 {
                killed = r
            } else {
                usleep(50_000)
            }
        }
        kill(slow.processIdentifier, SIGKILL)
        slow.waitUntilExit()
        let run = try #require(killed, "the slow run never stored a conversation")

        let listing = try SupportSimBinary.run(["history", suite.path])
        #expect(listing.status == 0)
        #expect(listing.stdout.split(separator: "\n").contains { $0.hasPrefix(run.id) && $0.hasSuffix("incomplete") }, "\(listing.stdout)")
        let store = try Self.history(suite)
        let after = try #require(try store.run(id: run.id))
        #expect(after.status == .incomplete && after.finishedAt == nil)
        let stored = try store.conversations(runID: run.id)
        #expect((1..<4).contains(stored.count), "the conversations finished before the kill, and only those")
        #expect(try earlier.map { try store.dumpForTesting(runID: $0.id) } == before)
        let shown = try SupportSimBinary.run(["show", run.id, "--suite", suite.path])
        #expect(shown.stdout.contains("incomplete") && shown.stdout.contains("so far"), "\(shown.stdout)")
    }

    @Test func twoRunsStartedAtOnceOnOneDatabaseAreBothStoredWhole() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let agent = try Self.slowAgent(seconds: 0.05)
        let runs = try (0..<2).map { _ in
            try Self.start(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path, "--agent", agent])
        }
        for p in runs { p.waitUntilExit() }
        #expect(runs.map(\.terminationStatus).allSatisfy { $0 == 1 }, "the agent fails the scenarios but both runs finish")
        let store = try Self.history(suite)
        let stored = try store.runs()
        #expect(stored.count == 2)
        for r in stored {
            #expect(r.status == .complete && r.metricsJSON != nil)
            #expect(try store.conversations(runID: r.id).count == 4)
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

    @Test func approveAndDriftFromTheCommandLine() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("reports").path
        #expect(try SupportSimBinary.run(["run", suite.path, "--out", out, "-q"]).status == 0)
        #expect(try SupportSimBinary.run(["golden", "approve", suite.path]).status == 0)
        let goldens = suite.appendingPathComponent("goldens")
        let before = try Data(contentsOf: goldens.appendingPathComponent("baseline.json"))
        let again = try SupportSimBinary.run(["golden", "approve", suite.path])
        #expect(again.stdout.contains("0 file(s) written, 5 unchanged"))
        #expect(try Data(contentsOf: goldens.appendingPathComponent("baseline.json")) == before)
        let drift = try SupportSimBinary.run(["drift", suite.path, "--out", out])
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(drift.stdout.contains("significant regressions: 0"))
        #expect(FileManager.default.fileExists(atPath: out + "/drift.md") && FileManager.default.fileExists(atPath: out + "/drift.json"))
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
