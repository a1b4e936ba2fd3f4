import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite

/// `supportsim bench`: figures, never assertions. Run it in release mode for numbers that
/// mean something: `swift run -c release supportsim bench`.
enum Benchmarks {
    static func runAll(suiteRoot: URL, conversations: Int, jobs: Int?) async throws {
        print("supportsim bench — \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let loadStart = ContinuousClock.now
        let suite = try SuiteLoader(root: suiteRoot).load()
        let loadTime = ContinuousClock.now - loadStart
        print(row("load suite (\(suite.scenarios.count) scenarios)", loadTime))

        let big = replicate(suite, to: conversations)

        // The harness alone: a trivial agent that makes one call per turn.
        let trivial = TrivialAgent()
        var t0 = ContinuousClock.now
        let plain = await SuiteRunner(suite: big, agent: trivial, scorer: NoScorer()).run(RunOptions(jobs: jobs))
        var elapsed = ContinuousClock.now - t0
        print(row("runner, trivial agent, \(plain.count) conversations", elapsed, turns: customerTurns(plain)))

        let scored = await referenceAgent(big, jobs: jobs)

        // Reports for the whole run.
        let info = RunInfo(id: "bench", suite: big.config.name, agent: "reference", startedAt: Date(), finishedAt: Date(),
                           repeatCount: 1, filters: [])
        t0 = ContinuousClock.now
        let record = RunRecord(info: info, config: big.config, results: scored, invalid: [])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-bench-\(UUID().uuidString.prefix(6))")
        try ReportSet(writers: ReportSet.standardWriters).write(record, to: out)
        elapsed = ContinuousClock.now - t0
        print(row("metrics and reports, \(scored.count) conversations", elapsed))
        try? FileManager.default.removeItem(at: out)
        print(String(format: "  peak memory: %.0f MB", peakMemoryMB()))
        try await ShardBenchmarks.run(big, jobs: jobs)
        await DeclaredToolBenchmarks.run(big, jobs: jobs)
        try await AdapterBenchmarks.run(suite, conversations: min(conversations, 2000), jobs: jobs)
    }

    /// Metrics and each report on their own (one after the other, three times), then all of
    /// them as a run writes them: where the results pipeline's time goes.
    static func reportsAlone(_ big: Suite, jobs: Int?) async throws {
        let scored = await SuiteRunner(suite: big, agent: ReferenceAgent(suite: big), scorer: StandardScorer(suite: big))
            .run(RunOptions(jobs: jobs))
        let info = RunInfo(id: "bench", suite: big.config.name, agent: "reference", startedAt: Date(), finishedAt: Date(),
                           repeatCount: 1, filters: [])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-bench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        for _ in 0..<3 {
            var t0 = ContinuousClock.now
            let record = RunRecord(info: info, config: big.config, results: scored, invalid: [])
            print(row("metrics and gates, \(scored.count) conversations", ContinuousClock.now - t0))
            for writer in ReportSet.standardWriters {
                t0 = ContinuousClock.now
                try writer.write(record, to: out.appendingPathComponent(writer.fileName))
                print(row("  " + writer.fileName, ContinuousClock.now - t0))
            }
            t0 = ContinuousClock.now
            let all = RunRecord(info: info, config: big.config, results: scored, invalid: [])
            try ReportSet(writers: ReportSet.standardWriters, stepSummary: nil).write(all, to: out)
            print(row("metrics and reports, \(scored.count) conversations", ContinuousClock.now - t0))
        }
    }

    /// The reference agent, with and without scoring: scoring's share of a run. Returns the
    /// scored results.
    @discardableResult
    static func referenceAgent(_ big: Suite, jobs: Int?) async -> [ScenarioResult] {
        let reference = ReferenceAgent(suite: big)
        // Three runs of each, alternating, and the fastest of each compared: on a shared machine
        // one run of each measured anything from +15 % to +85 % for the same build, as the
        // machine's speed changed between the two; the first runs also fill the memos.
        var unscoredTimes: [Duration] = [], scoredTimes: [Duration] = []
        var unscored: [ScenarioResult] = [], scored: [ScenarioResult] = []
        for _ in 0..<3 {
            var t0 = ContinuousClock.now
            unscored = await SuiteRunner(suite: big, agent: reference, scorer: NoScorer()).run(RunOptions(jobs: jobs))
            unscoredTimes.append(ContinuousClock.now - t0)
            t0 = ContinuousClock.now
            scored = await SuiteRunner(suite: big, agent: reference, scorer: StandardScorer(suite: big)).run(RunOptions(jobs: jobs))
            scoredTimes.append(ContinuousClock.now - t0)
        }
        let unscoredTime = unscoredTimes.min()!, scoredTime = scoredTimes.min()!
        print(row("reference agent, no scoring (best of 3)", unscoredTime, turns: customerTurns(unscored)))
        print(row("reference agent with scoring (best of 3)", scoredTime, turns: customerTurns(scored)))
        let overhead = (seconds(scoredTime) / max(seconds(unscoredTime), 1e-9) - 1) * 100
        func list(_ times: [Duration]) -> String { times.map { String(format: "%.0f", seconds($0) * 1000) }.joined(separator: ", ") }
        print(String(format: "  scoring overhead: %+.1f%% of the run", overhead)
              + " (runs: \(list(unscoredTimes)) ms unscored, \(list(scoredTimes)) ms scored)")
        return scored
    }

    /// `n` conversations made of the suite's scenarios, each copy with its own id.
    static func replicate(_ suite: Suite, to n: Int) -> Suite {
        var copy = suite
        let base = suite.scenarios
        copy.scenarios = (0..<n).map { i in
            var s = base[i % base.count]
            s.id = "\(s.id)~\(i / base.count)"
            return s
        }
        return copy
    }

    static func customerTurns(_ results: [ScenarioResult]) -> Int {
        results.map { $0.record.transcript.filter { $0.speaker == .customer }.count }.reduce(0, +)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func row(_ label: String, _ d: Duration, turns: Int? = nil) -> String {
        let s = seconds(d)
        var line = label.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: " %9.1f ms", s * 1000)
        if let turns { line += String(format: "   %8.0f customer turns/s (%d turns)", Double(turns) / s, turns) }
        return line
    }

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}

/// Answers every message with one backend call: the cost of the harness itself.
struct TrivialAgent: SupportAgent {
    func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        _ = await tools.call("kb.search", ["query": .string(turn.message)])
        return AgentReply(text: "Thanks, noted.", intent: "other")
    }
}

/// Skips scoring, to measure what scoring adds.
struct NoScorer: ConversationScorer {
    func score(_ record: ConversationRecord) -> ScenarioResult { ScenarioResult(record: record, checks: []) }
}
