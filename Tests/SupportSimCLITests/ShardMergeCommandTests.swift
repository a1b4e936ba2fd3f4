import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `run --shard I/N` on N CI jobs, then `merge`: the same run as one job would have made.
@Suite(.serialized)
struct ShardMergeCommandTests {
    static func runIDsRemoved(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{8}-\d{6}-[0-9a-f]{4}"#, with: "RUN-ID", options: .regularExpression)
    }

    /// What two runs of one suite and agent share: results.json without ids and wall times, and report.md.
    static func comparable(_ out: URL) throws -> (results: String, report: String) {
        let latest = out.appendingPathComponent("latest")
        let results = try UnchangedResultsTests.normalizedJSON(latest.appendingPathComponent("results.json"))
        let report = try String(contentsOf: latest.appendingPathComponent("report.md"), encoding: .utf8)
        return (results, runIDsRemoved(report))
    }

    static func shardRuns(_ suite: URL, count: Int, extra: [String] = []) throws -> [URL] {
        try (1...count).map { i in
            let out = Fixtures.temporaryFolder("shard-\(i)-of-\(count)")
            let r = try SupportSimBinary.run(["run", suite.path, "--shard", "\(i)/\(count)", "--out", out.path, "--no-history", "-q"] + extra)
            #expect(r.status == 0, "shard \(i)/\(count): \(r.stderr)")
            return out
        }
    }

    @Test func theBundledSuiteInOneThreeAndSevenShardsMergesToTheUnshardedRun() throws {
        let suite = Fixtures.bundledSuite
        let whole = Fixtures.temporaryFolder("unsharded")
        let r = try SupportSimBinary.run(["run", suite.path, "--out", whole.path, "--no-history", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try Self.comparable(whole)
        for count in [1, 3, 7] {
            let shards = try Self.shardRuns(suite, count: count)
            // Shards come in any order, as a CI system downloads their artifacts.
            let merged = Fixtures.temporaryFolder("merged-\(count)")
            let m = try SupportSimBinary.run(["merge", "--suite", suite.path, "--out", merged.path, "--no-history", "-q"]
                                             + shards.reversed().map(\.path))
            #expect(m.status == 0, "merge of \(count): \(m.stderr)")
            let got = try Self.comparable(merged)
            #expect(Bool(got.results == expected.results),
                    "\(count) shards merged give other results: \(ResumeCommandTests.firstDifference(got.results, expected.results))")
            #expect(Bool(got.report == expected.report), "\(count) shards merged give another report.md")
            let conversations = try shards.map { try Self.conversationCount($0) }
            #expect(conversations.reduce(0, +) == 181)
        }
    }

    static func conversationCount(_ out: URL) throws -> Int {
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        return results["scenarios"]?.arrayValue?.count ?? -1
    }

    @Test func aShardEvaluatesNoGateAndTheMergeGates() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        var config = try String(contentsOf: suite.appendingPathComponent("supportsim.yml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "scenario_pass_rate: {min: 1.0}", with: "automation_rate: {min: 1.0}")
        try config.write(to: suite.appendingPathComponent("supportsim.yml"), atomically: true, encoding: .utf8)
        let shards = try Self.shardRuns(suite, count: 2)
        // The shard says it played its part and leaves the verdict to the merge.
        let shard = try SupportSimBinary.run(["run", suite.path, "--shard", "1/2", "--out", Fixtures.temporaryFolder("s").path,
                                              "--no-history"])
        #expect(shard.status == 0 && shard.stdout.contains("shard 1/2 played") && !shard.stdout.contains("FAILED"), "\(shard.stdout)")
        let merged = Fixtures.temporaryFolder("merged-gate")
        let m = try SupportSimBinary.run(["merge", "--suite", suite.path, "--out", merged.path, "--no-history"] + shards.map(\.path))
        #expect(m.status == 1, "the merged run fails its gate: \(m.stdout)\(m.stderr)")
    }

    @Test func mergeRefusesMissingDuplicateForeignAndUnfinishedShards() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let shards = try Self.shardRuns(suite, count: 3)
        func merge(_ dirs: [URL]) throws -> SupportSimBinary.Result {
            try SupportSimBinary.run(["merge", "--suite", suite.path, "--out", Fixtures.temporaryFolder("m").path, "--no-history"]
                                     + dirs.map(\.path))
        }
        let missing = try merge([shards[0], shards[2]])
        #expect(missing.status == 2 && missing.stderr.contains("shard 2/3 missing"), "\(missing.stderr)")
        let twice = try merge([shards[0], shards[1], shards[1], shards[2]])
        #expect(twice.status == 2 && twice.stderr.contains("shard 2/3 is given twice"), "\(twice.stderr)")

        // A shard of the same suite played with another number of trials is of another run.
        let other = Fixtures.temporaryFolder("shard-other")
        _ = try SupportSimBinary.run(["run", suite.path, "--shard", "2/3", "--repeat", "2", "--out", other.path, "--no-history", "-q"])
        let foreign = try merge([shards[0], other, shards[2]])
        #expect(foreign.status == 2 && foreign.stderr.contains("shards of different runs: --repeat 1 against 2"), "\(foreign.stderr)")

        // A shard whose job was killed has a journal but no results.json.
        let killed = try Self.latestRunFolder(shards[1])
        try FileManager.default.removeItem(at: killed.appendingPathComponent("results.json"))
        let unfinished = try merge([shards[0], killed, shards[2]])
        #expect(unfinished.status == 2 && unfinished.stderr.contains("did not finish"), "\(unfinished.stderr)")

        // The suite changed after the shards ran.
        let fresh = try Self.shardRuns(suite, count: 1)
        let file = suite.appendingPathComponent("scenarios/billing/double-charge.yaml")
        try (try String(contentsOf: file, encoding: .utf8) + "\n# edited\n").write(to: file, atomically: true, encoding: .utf8)
        let changed = try merge(fresh)
        #expect(changed.status == 2 && changed.stderr.contains("not the one the shards played"), "\(changed.stderr)")
    }

    static func latestRunFolder(_ out: URL) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.first?.isNumber == true }.sorted()
        return out.appendingPathComponent(try #require(names.last))
    }
}
