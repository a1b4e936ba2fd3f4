import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting

/// Runs for the report tests: the bundled suite with the reference agent, and a small run with
/// every status (pass, fail, error, invalid) and hostile text in titles and replies.
enum ReportFixtures {
    static let scriptPayload = "<script>alert(1)</script><script>document.body.setAttribute('data-'+'pwned','title')</script>"
    static let imagePayload = "<img src=x onerror=\"document.body.setAttribute('data-'+'pwned','reply')\">"
    static let pipeTitle = "Refund | split cell"

    static func info(_ suite: Suite, agent: String, repeatCount: Int = 1) -> RunInfo {
        RunInfo(id: "test-run", suite: suite.config.name, agent: agent, startedAt: Date(timeIntervalSince1970: 1_795_000_000),
                finishedAt: Date(timeIntervalSince1970: 1_795_000_060), repeatCount: repeatCount, filters: [])
    }

    /// The bundled suite (the repository's own scenarios) played by the reference agent.
    static func bundledRun() async throws -> RunRecord {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let results = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run()
        return RunRecord(info: info(suite, agent: "reference"), config: suite.config, results: results,
                         invalid: suite.invalidScenarios)
    }

    /// acme-mini with one scenario of each status: double-charge passes, large-refund fails
    /// (its title holds a `|`), legal-threat fails with hostile markup in its title and in the
    /// agent's reply, where-is-my-order errors; plus one invalid scenario file.
    static func mixedRun() async throws -> RunRecord {
        var suite = try Fixtures.loadAcmeMini()
        for i in suite.scenarios.indices {
            switch suite.scenarios[i].id {
            case "billing/large-refund": suite.scenarios[i].title = pipeTitle
            case "escalation/legal-threat": suite.scenarios[i].title = "Legal threat " + scriptPayload
            default: break
            }
        }
        let script = AcmeMiniScript.agent
        let payload = imagePayload
        let agent = ClosureAgent { turn, tools in
            switch turn.scenario {
            case "orders/where-is-my-order": throw AgentFailure("model crashed")
            case "billing/large-refund": return AgentReply(text: "Sure, no problem.", intent: "billing.refund_request")
            case "escalation/legal-threat": return AgentReply(text: "Noted " + payload, intent: "legal.threat")
            default: return try await script.respond(to: turn, tools: tools)
            }
        }
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(jobs: 1))
        let invalid = InvalidScenario(id: "billing/broken", file: "scenarios/billing/broken.yaml", diagnostics: [
            Diagnostic(file: "scenarios/billing/broken.yaml", line: 3, column: 5, path: "turns[0].expect.intent",
                       message: "expected a string, found a list & <more>"),
        ])
        return RunRecord(info: info(suite, agent: "closure"), config: suite.config, results: results, invalid: [invalid])
    }

    /// `n` results made by copying `results`, each copy with its own scenario id: a large run
    /// without playing it (the idea of `supportsim bench`).
    static func replicate(_ results: [ScenarioResult], to n: Int) -> [ScenarioResult] {
        (0..<n).map { i in
            var r = results[i % results.count]
            r.record.scenario.id += "~\(i / results.count)"
            return r
        }
    }

    /// Writes every standard report into a fresh temporary folder; returns the run's folder.
    static func write(_ run: RunRecord, writers: [any ReportWriter] = ReportSet.standardWriters) throws -> URL {
        try ReportSet(writers: writers, stepSummary: nil).write(run, to: Fixtures.temporaryFolder("reports"))
    }
}

/// Runs a program found on PATH, as the CI scripts do.
enum Tool {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes while the child runs, so neither can fill up and block it.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.done { Thread.sleep(forTimeInterval: 0.01) }
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Whether `python3` can import junitparser (`.ci/run` installs it).
    static let hasJunitparser: Bool = {
        guard let python = find("python3") else { return false }
        return (try? run(python, ["-c", "import junitparser"]))?.status == 0
    }()
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ d: Data) { lock.withLock { data = d; finished = true } }
    var done: Bool { lock.withLock { finished } }
    var value: Data { lock.withLock { data } }
}
