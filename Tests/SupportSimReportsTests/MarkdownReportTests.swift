import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

struct MarkdownReportTests {
    @Test func theReportHasTheVerdictGatesAndKPIs() async throws {
        let run = try await ReportFixtures.mixedRun()
        let md = MarkdownReportWriter().render(run)
        #expect(md.contains("**Verdict: FAILED**"))
        #expect(md.contains("1/5 scenarios passed"))
        #expect(md.contains("| Metric | Value | Threshold | Verdict |"))
        for g in run.gates {
            #expect(md.contains("| \(Escape.markdown(g.gate.metric)) |"), "gate \(g.gate.metric) is missing")
        }
        #expect(md.contains("| KPI | Value | 95% interval | n |"))
        #expect(md.contains("| Scenario pass rate | 20.0% |"))
        #expect(md.contains("CSAT % (estimate)"))
        #expect(md.contains("First response time p95"))
        #expect(md.contains("### Readiness by intent"))
    }

    @Test func everyFailureIsListedWithItsReasons() async throws {
        let run = try await ReportFixtures.mixedRun()
        let md = MarkdownReportWriter().render(run)
        let failed = run.results.filter { $0.status != .pass }
        #expect(failed.count == 3)
        for r in failed {
            #expect(md.contains("**\(Escape.markdown(r.id))** #1 (\(r.status.rawValue))"))
            for reason in r.failureReasons.prefix(10) {
                #expect(md.contains("  - \(Escape.markdown(reason))"), "missing reason: \(reason)")
            }
        }
        #expect(md.contains("error: turn 0: model crashed"))
        #expect(md.contains("**billing/broken** (invalid)"))
        #expect(md.contains("expected a string, found a list &amp; &lt;more&gt;"))
    }

    @Test func textFromScenariosCannotBreakTablesOrMarkup() async throws {
        let run = try await ReportFixtures.mixedRun()
        let md = MarkdownReportWriter().render(run)
        #expect(md.contains("Refund \\| split cell"))
        #expect(!md.contains("<script>"))
        #expect(md.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"))
        // Every table row has as many unescaped `|` as its header.
        var columns: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let pipes = Self.unescapedPipes(String(line))
            if let columns { #expect(pipes == columns, "row with \(pipes) cells: \(line)") } else { columns = pipes }
        }
        #expect(Escape.markdown("a|b\nc @team [x](y)") == "a\\|b c @\u{200B}team \\[x\\]\\(y\\)")
    }

    @Test func longListsAreCutAndSaySoWithoutLosingTheCount() async throws {
        let run = try await ReportFixtures.mixedRun()
        let md = MarkdownReportWriter(maxListed: 1).render(run)
        #expect(md.contains("### Failures (4)"))
        #expect(md.contains("…and 2 more scenarios (see report.html or results.json)"))
    }

    @Test func theStepSummaryGetsTheMarkdownAppended() async throws {
        let run = try await ReportFixtures.mixedRun()
        let summary = Fixtures.temporaryFolder("summary").appendingPathComponent("summary.md")
        try Data("earlier step\n".utf8).write(to: summary)
        let out = Fixtures.temporaryFolder("out")
        let dir = try ReportSet(writers: [MarkdownReportWriter()], stepSummary: summary.path).write(run, to: out)
        let text = try String(contentsOf: summary, encoding: .utf8)
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(text == "earlier step\n\n" + md)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("latest/report.md").path))
    }

    static func unescapedPipes(_ line: String) -> Int {
        var count = 0, escaped = false
        for c in line {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { count += 1 }
        }
        return count
    }
}

/// Failures are grouped by scenario: many failing trials of one scenario never hide another.
struct FailureGroupingTests {
    @Test func manyFailingTrialsOfOneScenarioDoNotHideTheOthers() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.scenarios = suite.scenarios.filter { ["billing/large-refund", "orders/where-is-my-order"].contains($0.id) }
        let agent = ClosureAgent { turn, _ in AgentReply(text: "Sorry.", intent: "other") }
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(repeatCount: 60, jobs: 2))
        let run = RunRecord(info: ReportFixtures.info(suite, agent: "lazy", repeatCount: 60), config: suite.config,
                            results: results, invalid: [])
        let md = MarkdownReportWriter(maxListed: 50).render(run)
        #expect(md.contains("- **billing/large-refund** 60 of 60 trials (fail)"), "\(md)")
        #expect(md.contains("- **orders/where-is-my-order** 60 of 60 trials (fail)"))
        #expect(md.contains("(60 trials)"))
        let cut = MarkdownReportWriter(maxListed: 1).render(run)
        #expect(cut.contains("…and 1 more scenario (see report.html or results.json): orders/where-is-my-order"))
    }
}
