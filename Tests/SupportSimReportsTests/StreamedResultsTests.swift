import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// results.json is written a conversation at a time, and its bytes are the whole tree's.
struct StreamedResultsTests {
    @Test(arguments: ["mixed", "bundled", "empty"])
    func theStreamedFileIsByteForByteTheRenderedOne(_ name: String) async throws {
        var run = name == "bundled" ? try await ReportFixtures.bundledRun() : try await ReportFixtures.mixedRun()
        if name == "empty" { run = RunRecord(info: run.info, config: run.config, results: [], invalid: []) }
        let dir = Fixtures.temporaryFolder("streamed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("results.json")
        try ResultsJSONWriter().write(run, to: file)
        let streamed = try Data(contentsOf: file)
        #expect(streamed == Data(ResultsJSONWriter().render(run).utf8))
        #expect((try? JSONValue.parse(streamed)) != nil)
        #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"), "the partial file is renamed into place")
    }

    /// The byte writer names every key by hand: each optional one, set here on top of a played
    /// conversation, must come out where the tree's sorted keys put it.
    @Test func everyOptionalFieldIsWrittenWhereTheTreePutsIt() async throws {
        let run = try await ReportFixtures.bundledRun()
        var r = try #require(run.results.first { !$0.record.audit.isEmpty && $0.record.transcript.count > 1 })
        r.record.error = "the agent said <nothing>\n"
        r.record.customerUsage = TokenUsage(inputTokens: 12, outputTokens: 3)
        r.record.tau = TauEpisodeOutcome(taskID: 4, trial: 2, reward: Decimal(string: "0.5")!, recordedReward: 1, outputsMatched: 1,
                                         outputsTotal: 2, databaseMatched: false, outputs: ["42": true], end: "done", steps: 7)
        r.record.audit[0].actor = "billing"
        let last = r.record.transcript.count - 1
        r.record.transcript[last].reply?.usage = TokenUsage(inputTokens: 100, outputTokens: 20)
        r.record.transcript[last].reply?.citations = ["kb/a", "kb/b"]
        r.record.transcript[last].reply?.confidence = Decimal(string: "0.875")
        r.record.transcript[last].reply?.escalate = Handoff(reason: "legal", priority: "high", summary: "threat")
        r.record.transcript[last].reply?.trace = [TraceStep(agent: "intent", decision: "legal \"threat\"")]
        r.hallucinations = [Hallucination(turn: 1, claim: "$9", kind: "money", sentence: "It is $9.", comparedWith: "$8")]
        r.violations = [Violation(policy: "verify", severity: .critical, turn: nil, evidence: "none")]
        for level in [0, 2] {
            var bytes: [UInt8] = []
            ScenarioResultBytes.append(r, to: &bytes, level: level)
            var tree: [UInt8] = []
            ScenarioResultJSON.encode(r).appendJSON(to: &tree, indent: 2, level: level)
            #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
        }
    }

    /// report.html is written a batch of conversations at a time, with the rendered page's bytes.
    @Test(arguments: ["mixed", "bundled", "large"])
    func theStreamedPageIsByteForByteTheRenderedOne(_ name: String) async throws {
        var run = name == "bundled" ? try await ReportFixtures.bundledRun() : try await ReportFixtures.mixedRun()
        if name == "large" {
            run = RunRecord(info: run.info, config: run.config, results: ReportFixtures.replicate(run.results, to: 3_000), invalid: run.invalid)
        }
        let dir = Fixtures.temporaryFolder("streamed-html")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        let writer = HTMLReportWriter(trend: [(runID: "r1", passRate: 0.5)])
        try writer.write(run, to: file)
        let streamed = try Data(contentsOf: file)
        if name == "large" { #expect(streamed.count > StreamedFile.chunk, "the page spans several chunks") }
        #expect(streamed == Data(writer.render(run).utf8))
        #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"))
    }

    @Test func aRunLargerThanAChunkIsWrittenWhole() async throws {
        let base = try await ReportFixtures.mixedRun()
        let run = RunRecord(info: base.info, config: base.config, results: ReportFixtures.replicate(base.results, to: 3_000),
                            invalid: base.invalid)
        let dir = Fixtures.temporaryFolder("streamed-large")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("results.json")
        try ResultsJSONWriter().write(run, to: file)
        let streamed = try Data(contentsOf: file)
        #expect(streamed.count > StreamedFile.chunk, "the test spans several chunks")
        #expect(streamed == Data(ResultsJSONWriter().render(run).utf8))
    }

    @Test func aWriteAbandonedBeforeItsEndLeavesTheOldFileAndNoPartialOne() throws {
        let dir = Fixtures.temporaryFolder("streamed-abandoned")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("results.json")
        try Data("old".utf8).write(to: file)
        do {
            let f = try StreamedFile(file)
            f.append(String(repeating: "x", count: StreamedFile.chunk + 1))
            try f.flushIfFull()
            #expect(FileManager.default.fileExists(atPath: file.path + ".partial"))
        }
        #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"), "the partial file is removed")
        #expect(try Data(contentsOf: file) == Data("old".utf8), "the file in place is untouched")
    }

    @Test func aFileThatCannotBeWrittenLeavesTheOldOneAndSaysWhere() async throws {
        let run = try await ReportFixtures.mixedRun()
        let missing = Fixtures.temporaryFolder("streamed-missing").appendingPathComponent("no/such/dir/results.json")
        #expect(throws: ReportError.self) { try ResultsJSONWriter().write(run, to: missing) }
    }
}
