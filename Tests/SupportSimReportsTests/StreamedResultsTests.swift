import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
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
