import Foundation
import SupportSimCore
import SupportSimTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `run --resume`: a run killed at any point continues with the conversations it had not
/// finished, plays none of the finished ones again, and ends with the results of a run that
/// was never killed.
@Suite(.serialized)
struct ResumeCommandTests {
    /// An exec agent that logs every turn it is given (its own log, kept across its restarts),
    /// takes `SLEEP` seconds per turn, and reports its time so the virtual clock is repeatable.
    static let agentSource = """
        import json, os, sys, time
        log = open(os.environ["AGENT_LOG"], "a")
        pause = float(os.environ.get("SLEEP", "0"))
        for line in sys.stdin:
            m = json.loads(line)
            if m.get("type") != "turn":
                continue
            log.write("%s %d\\n" % (m["conversation"], m["turn"])); log.flush()
            time.sleep(pause)
            text = "Thanks, I have noted that." if m["turn"] == 0 else "Is there anything else?"
            print(json.dumps({"type": "reply", "conversation": m["conversation"], "text": text, "elapsed_ms": 250}), flush=True)
        """

    struct Setup {
        let suite: URL
        let agent: URL
        let log: URL
        let out: URL
        func arguments(_ extra: [String]) -> [String] {
            ["run", suite.path, "--agent", "exec:python3 \(agent.path)", "--repeat", "40", "--jobs", "2", "--out", out.path, "-q"] + extra
        }
        var environment: [String: String] { ["AGENT_LOG": log.path, "SLEEP": "0.004", "CI": "1"] }
    }

    /// One agent file for every run, so that runs compare equal (results.json names the agent).
    static let agent: URL = {
        let url = Fixtures.temporaryFolder("resume-agent").appendingPathComponent("agent.py")
        try? Data(agentSource.utf8).write(to: url)
        return url
    }()

    static func setUp(_ name: String) throws -> Setup {
        let folder = Fixtures.temporaryFolder(name)
        return Setup(suite: Fixtures.copy(Fixtures.acmeMini), agent: Self.agent, log: folder.appendingPathComponent("agent.log"),
                     out: folder.appendingPathComponent("reports"))
    }

    static func runFolders(_ out: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.first?.isNumber == true }.sorted()
            .map { out.appendingPathComponent($0) }
    }

    /// The conversations a journal holds, its torn last line aside.
    static func finished(in journal: URL) -> Set<String> {
        guard let text = try? String(contentsOf: journal, encoding: .utf8) else { return [] }
        var keys: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            guard let v = try? JSONValue.parse(String(line)), let s = v["scenario"]?.stringValue, let t = v["trial"]?.intValue else { continue }
            keys.insert("\(s)#\(t)")
        }
        return keys
    }

    /// Whole lines after the header, counted without parsing them: the kill loop polls this.
    static func wholeLines(in journal: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: journal.path) else { return 0 }
        return max(0, data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1)
    }

    static func logLines(_ log: URL) -> [Substring] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// Starts the binary, waits until its run has journalled `afterConversations` more
    /// conversations than it started with, then kills it with SIGKILL. Returns the run's folder,
    /// or nil when the run finished first.
    @discardableResult
    static func runAndKill(_ setup: Setup, _ extra: [String], afterConversations: Int) throws -> URL? {
        let before = Set(runFolders(setup.out).map(\.lastPathComponent))
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = setup.arguments(extra)
        p.environment = ProcessInfo.processInfo.environment.merging(setup.environment) { _, new in new }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var baseline: Int?
        var folder: URL?
        while p.isRunning {
            if folder == nil { folder = runFolders(setup.out).first(where: { !before.contains($0.lastPathComponent) }) }
            if let folder {
                let count = wholeLines(in: folder.appendingPathComponent("journal.jsonl"))
                if baseline == nil, FileManager.default.fileExists(atPath: folder.appendingPathComponent("journal.jsonl").path) {
                    baseline = count
                }
                if let baseline, count >= baseline + afterConversations { break }
            }
            usleep(10_000)
        }
        guard p.isRunning else { return nil }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return folder
    }

    @Test func aRunKilledFiveTimesAndResumedGivesTheUninterruptedResultsAndReplaysNothingFinished() throws {
        let reference = try Self.setUp("resume-reference")
        let whole = try SupportSimBinary.run(reference.arguments(["--no-history"]), environment: reference.environment)
        #expect(whole.status == 1, "acme-mini's pass-rate gate fails with this agent: \(whole.stderr)")
        let expected = try UnchangedResultsTests.normalizedJSON(reference.out.appendingPathComponent("latest/results.json"))

        let setup = try Self.setUp("resume-killed")
        // Kill points: after a random number of newly finished conversations each time (the
        // run has 160), at least 5 of them.
        var generator = SystemRandomNumberGenerator()
        var kills: [(finished: Set<String>, logLines: Int)] = []
        for attempt in 0..<5 {
            let after = Int.random(in: 1...25, using: &generator)
            let killed = try Self.runAndKill(setup, attempt == 0 ? [] : ["--resume"], afterConversations: after)
            let journal = try #require(killed, "the run finished before kill \(attempt + 1)").appendingPathComponent("journal.jsonl")
            kills.append((Self.finished(in: journal), Self.logLines(setup.log).count))
        }
        let last = try SupportSimBinary.run(setup.arguments(["--resume"]), environment: setup.environment)
        #expect(last.status == 1, "\(last.stderr)")
        let got = try UnchangedResultsTests.normalizedJSON(setup.out.appendingPathComponent("latest/results.json"))
        #expect(Bool(got == expected), "the resumed run's results differ from the uninterrupted run's: \(Self.firstDifference(got, expected))")

        // The agent's own log: no conversation finished before a kill is started again after it.
        let log = Self.logLines(setup.log)
        for (k, kill) in kills.enumerated() {
            let restarted = log[kill.logLines...].filter { $0.hasSuffix(" 0") }.map { String($0.dropLast(2)) }
            let replayed = restarted.filter(kill.finished.contains)
            #expect(replayed.isEmpty, "after kill \(k + 1), finished conversations were played again: \(replayed.prefix(5))")
        }
        let starts = log.filter { $0.hasSuffix(" 0") }.count
        // Only the conversations in flight at a kill (2 jobs) are played twice.
        #expect(starts <= 160 + kills.count * 2, "\(starts) conversation starts for 160 conversations and \(kills.count) kills")
        #expect(kills.allSatisfy { $0.finished.count < 160 })
        // The killed runs' agents saw their input close and ended: none outlives its run.
        var survivors = Self.agentProcesses()
        for _ in 0..<100 where !survivors.isEmpty {
            usleep(50_000)
            survivors = Self.agentProcesses()
        }
        #expect(survivors.isEmpty, "agent processes left running: \(survivors)")
    }

    /// Processes whose command line names this test's agent.
    static func agentProcesses() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let command = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return command.contains(agent.path) ? "\(pid): \(command)" : nil
        }
    }

    /// Where two long texts part, with a little context: a readable failure message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        let at = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
        func around(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, at - 120)..<min(bytes.count, at + 120)], as: UTF8.self) }
        return "at byte \(at): …\(around(x))… against …\(around(y))…"
    }

    @Test func resumeRefusesAFinishedRunAChangedSuiteAndAnotherAgent() throws {
        let setup = try Self.setUp("resume-refusals")
        let done = try SupportSimBinary.run(setup.arguments(["--no-history"]), environment: setup.environment)
        #expect(done.status == 1)
        let finishedRun = try #require(Self.runFolders(setup.out).first).lastPathComponent
        let again = try SupportSimBinary.run(setup.arguments(["--resume", finishedRun]), environment: setup.environment)
        #expect(again.status == 2 && again.stderr.contains("it finished"), "\(again.stderr)")
        let none = try SupportSimBinary.run(setup.arguments(["--resume"]), environment: setup.environment)
        #expect(none.status == 2 && none.stderr.contains("no unfinished run"), "\(none.stderr)")

        // A run stopped after a few conversations, then the suite or the agent changed.
        _ = try Self.runAndKill(setup, ["--no-history"], afterConversations: 3)
        let file = setup.suite.appendingPathComponent("scenarios/billing/double-charge.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try (original + "\n# edited\n").write(to: file, atomically: true, encoding: .utf8)
        let changed = try SupportSimBinary.run(setup.arguments(["--resume", "--no-history"]), environment: setup.environment)
        #expect(changed.status == 2 && changed.stderr.contains("the suite's files differ"), "\(changed.stderr)")
        try original.write(to: file, atomically: true, encoding: .utf8)
        let other = try SupportSimBinary.run(["run", setup.suite.path, "--agent", "reference", "--out", setup.out.path, "--resume"],
                                             environment: setup.environment)
        #expect(other.status == 2 && other.stderr.contains("--agent reference"), "\(other.stderr)")
        let resumed = try SupportSimBinary.run(setup.arguments(["--resume", "--no-history"]), environment: setup.environment)
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumed.stdout.isEmpty || !resumed.stdout.contains("error"))
    }
}
