import Foundation
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimTesting
import Testing

/// Writing reports never harms what is around them: concurrent runs sharing one `--out`, a
/// `latest` that is a link elsewhere, and agent text full of terminal escape sequences.
struct ReportSafetyTests {
    private func renamed(_ run: RunRecord, _ id: String) -> RunRecord {
        var copy = run
        copy.info.id = id
        return copy
    }

    @Test func runsSharingOneOutFolderNeverFailAndLeaveNoTemporaryFolder() async throws {
        let run = try await ReportFixtures.mixedRun()
        let out = Fixtures.temporaryFolder("shared-out")
        for round in 0..<5 {
            let ids = (0..<4).map { "run-\(round)-\($0)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids {
                    let record = renamed(run, id)
                    group.addTask { try ReportSet(stepSummary: nil).write(record, to: out) }
                }
                try await group.waitForAll()
            }
            let latest = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
            #expect(ids.contains(latest["run"]?["id"]?.stringValue ?? ""))
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".latest-") }
            #expect(names.isEmpty, "left behind: \(names)")
        }
    }

    @Test func aLatestLinkIsReplacedWithoutTouchingWhereItPointed() async throws {
        let run = try await ReportFixtures.mixedRun()
        let out = Fixtures.temporaryFolder("out")
        let elsewhere = Fixtures.temporaryFolder("elsewhere")
        let precious = elsewhere.appendingPathComponent("precious.txt")
        try Data("keep me".utf8).write(to: precious)
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("latest").path,
                                                   withDestinationPath: elsewhere.path)
        try ReportSet(stepSummary: nil).write(run, to: out)
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep me")
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("latest").path)
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("latest/report.md").path))
    }

    @Test func escapeSequencesInAgentTextAreShownNotObeyed() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.scenarios = suite.scenarios.filter { $0.id == "billing/large-refund" }
        let hostile = "Done.\u{1B}[2J\u{1B}]0;owned\u{7} \u{9B}31m \u{202E}dlrow"
        let agent = ClosureAgent { _, _ in AgentReply(text: hostile, intent: "billing.refund_request") }
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(jobs: 1))
        let record = RunRecord(info: ReportFixtures.info(suite, agent: "closure"), config: suite.config, results: results,
                               invalid: [])
        let folder = try ReportFixtures.write(record)
        for name in ["report.md", "report.html", "junit.xml"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{202E}" || $0 == "\u{7}" },
                    "\(name) carries raw control characters")
        }
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(#"\\u{1b}[2J"#), "the escape is shown as text")
    }
}
