import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// A run keeps passing conversations as summaries once their report pieces are spooled; the
/// reports written from those summaries are the reports of the whole results, byte for byte.
struct SpooledReportsTests {
    /// The same run with its passing conversations spooled.
    static func spooled(_ run: RunRecord, in dir: URL) throws -> RunRecord {
        let spool = try ReportSpool(in: dir)
        let kept = try run.results.map { r throws(ReportSpool.Failure) in try ReportPieces.spooled(r, into: spool) }
        var record = RunRecord(info: run.info, config: run.config, results: kept, invalid: run.invalid)
        record.gates = run.gates
        return record
    }

    static func files(_ run: RunRecord, in dir: URL) throws -> [String: Data] {
        let folder = try ReportSet(stepSummary: nil).write(run, to: dir)
        var files: [String: Data] = [:]
        for name in ["results.json", "report.html", "junit.xml", "report.md"] {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test(arguments: ["mixed", "bundled"])
    func reportsOfASpooledRunAreTheWholeRunsByteForByte(_ name: String) async throws {
        let run = name == "bundled" ? try await ReportFixtures.bundledRun() : try await ReportFixtures.mixedRun()
        let dir = Fixtures.temporaryFolder("spooled")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spooled = try Self.spooled(run, in: dir)
        #expect(spooled.results.contains { $0.spooled != nil }, "the fixture has passing conversations")
        #expect(spooled.metrics == run.metrics, "metrics read only what a summary keeps")
        let whole = try Self.files(run, in: dir.appendingPathComponent("whole"))
        let fromSpool = try Self.files(spooled, in: dir.appendingPathComponent("spooled"))
        for name in whole.keys.sorted() { #expect(whole[name] == fromSpool[name], "\(name) differs when written from the spool") }
        #expect(ResultsJSONWriter().json(spooled) == ResultsJSONWriter().json(run), "the tree reads spooled pieces back")
    }

    @Test func aSummaryKeepsNoAuditAndOnlyTrialOnesReplyText() async throws {
        let run = try await ReportFixtures.bundledRun()
        let dir = Fixtures.temporaryFolder("spooled-summary")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = try ReportSpool(in: dir)
        let passing = try #require(run.results.first { $0.status == .pass && !$0.record.audit.isEmpty })
        var second = passing
        second.record.trial = 2
        let first = try ReportPieces.spooled(passing, into: spool), later = try ReportPieces.spooled(second, into: spool)
        #expect(first.record.audit.isEmpty && later.record.audit.isEmpty)
        #expect(first.record.transcript.map(\.text) == passing.record.transcript.map(\.text), "drift compares trial 1's replies")
        #expect(later.record.transcript.allSatisfy { $0.text.isEmpty })
        #expect(first.record.agentReplies.map { $0.reply?.intent } == passing.record.agentReplies.map { $0.reply?.intent })
        #expect(first.record.frtMs == passing.record.frtMs && first.record.durationMs == passing.record.durationMs)
        #expect(first.record.transcript.allSatisfy { ($0.reply?.trace ?? []).isEmpty })
        #expect(first.checks.map { "\($0.kind) \($0.passed as Bool?) \($0.turn as Int?)" }
                == passing.checks.map { "\($0.kind) \($0.passed as Bool?) \($0.turn as Int?)" }, "metrics count checks by kind and verdict")
        #expect(first.checks.allSatisfy { $0.expected == .null && $0.actual == .null })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "the spool takes no name in the folder")
    }

    @Test func aConversationThatDidNotPassIsKeptWhole() async throws {
        let run = try await ReportFixtures.mixedRun()
        let dir = Fixtures.temporaryFolder("spooled-failing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = try ReportSpool(in: dir)
        let failing = try #require(run.results.first { $0.status != .pass })
        let kept = try ReportPieces.spooled(failing, into: spool)
        #expect(kept.spooled == nil)
        #expect(kept.record.transcript == failing.record.transcript && kept.record.audit == failing.record.audit)
    }

    @Test func aSpoolReadsBackWhatEachAppendWrote() throws {
        let dir = Fixtures.temporaryFolder("spool")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = try ReportSpool(in: dir)
        let a = try spool.append([Array("first".utf8), [], Array("third piece".utf8)])
        let b = try spool.append([[UInt8](repeating: 7, count: 100_000)])
        #expect(try a.map { try spool.read($0) } == [Array("first".utf8), [], Array("third piece".utf8)])
        #expect(try spool.read(b[0]) == [UInt8](repeating: 7, count: 100_000))
        #expect(throws: ReportSpool.Failure.self) { try spool.read(ReportSpool.Slot(offset: 1_000_000, count: 4)) }
        #expect(throws: ReportSpool.Failure.self) { try ReportSpool(in: dir.appendingPathComponent("missing")) }
    }
}
