import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimSuite
import SupportSimTauPlay

/// `supportsim bench --tau DIR`: import tau-bench's airline recording and replay its episodes
/// through the whole run pipeline (suite loading, tau data, replay agent, episode player,
/// scoring, metrics), and print the time and peak memory. DIR holds `airline/` laid out like
/// tau-bench's data, with `trajectories/*.json`.
enum TauBenchmarks {
    static func run(dataRoot: URL, jobs: Int?) async throws {
        let domainDir = dataRoot.appendingPathComponent("airline")
        let trajectories = try FileManager.default.contentsOfDirectory(
            at: domainDir.appendingPathComponent("trajectories"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        guard let recording = trajectories.first else {
            throw TauBenchmarkError("no trajectory file in \(domainDir.path)/trajectories")
        }
        print("supportsim bench --tau — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(recording.lastPathComponent)")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-tau-bench-\(UUID().uuidString.prefix(6))")
        defer { try? FileManager.default.removeItem(at: out) }
        let start = ContinuousClock.now
        var t0 = start
        try TauImporter(domain: .tauAirline, source: domainDir, trajectories: recording, out: out).write()
        print(Benchmarks.row("import (suite written)", ContinuousClock.now - t0))
        t0 = ContinuousClock.now
        let suite = try SuiteLoader(root: out).load()
        let data = try TauSuiteData(suite: suite)
        guard case .replay(let file) = suite.config.agent else { throw TauBenchmarkError("the import wrote no replay agent") }
        let agent = try ReplayAgent(episodesFile: out.appendingPathComponent(file), scenarios: suite.scenarios)
        print(Benchmarks.row("load suite, database and recording", ContinuousClock.now - t0))
        t0 = ContinuousClock.now
        let results = await SuiteRunner(suite: suite, agent: agent, scorer: TauScorer(suite: suite, policy: data.policy),
                                        player: TauEpisodePlayer(suite: suite, data: data, agent: agent))
            .run(RunOptions(jobs: jobs))
        let info = RunInfo(id: "bench", suite: suite.config.name, agent: "replay", startedAt: Date(), finishedAt: Date(),
                           repeatCount: 1, filters: [])
        let record = RunRecord(info: info, config: suite.config, results: results, invalid: [])
        print(Benchmarks.row("replay and score \(results.count) episodes", ContinuousClock.now - t0))
        t0 = ContinuousClock.now
        let unscored = await SuiteRunner(suite: suite, agent: agent, scorer: NoScorer(),
                                         player: TauEpisodePlayer(suite: suite, data: data, agent: agent)).run(RunOptions(jobs: jobs))
        let unscoredTime = ContinuousClock.now - t0
        print(Benchmarks.row("replay \(unscored.count) episodes, no scoring", unscoredTime))
        let equal = results.filter { $0.record.tau.map { $0.reward == $0.recordedReward } ?? false }.count
        print("  rewards equal to the recording: \(equal) of \(results.count); pass^1 \(record.metrics.tau?.rewards.passHat[1].map { JSONValue.number($0).displayText } ?? "–")")
        print(Benchmarks.row("import and replay, total (one scored replay)", ContinuousClock.now - start - unscoredTime))
        print("  (the unscored replay reuses the gold states the scored one computed)")
        print(String(format: "  peak memory: %.0f MB", Benchmarks.peakMemoryMB()))
    }
}

struct TauBenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
