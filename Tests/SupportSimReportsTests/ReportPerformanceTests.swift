import Foundation
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The HTML of a 10,000-conversation run must still open: Chromium loads it and the script lists
/// a first page instead of expanding every transcript. Timings are printed, never asserted (the
/// figure that matters comes from `swift run -c release supportsim bench`).
struct ReportPerformanceTests {
    @Test func tenThousandConversations() async throws {
        let base = try await ReportFixtures.bundledRun()
        // Rendering takes seconds: on a thread of its own, so that it starves no other test.
        let (dir, out) = try await onOwnThread { () throws -> (URL, URL) in
            let results = ReportFixtures.replicate(base.results, to: 10_000)
            var clock = ContinuousClock.now
            let run = RunRecord(info: base.info, config: base.config, results: results, invalid: [])
            let metricsTime = ContinuousClock.now - clock

            var lines: [String] = []
            for w in ReportSet.standardWriters {
                clock = ContinuousClock.now
                let text = w.render(run)
                lines.append("  \(w.fileName): \(ContinuousClock.now - clock), \(text.utf8.count / 1_000_000) MB")
            }
            let out = Fixtures.temporaryFolder("perf")
            clock = ContinuousClock.now
            let dir = try ReportSet(stepSummary: nil).write(run, to: out)
            let writeTime = ContinuousClock.now - clock
            print("10,000 conversations: metrics \(metricsTime); all reports written in \(writeTime)\n" + lines.joined(separator: "\n"))
            return (dir, out)
        }
        defer { try? FileManager.default.removeItem(at: out) }

        guard HTMLReportTests.chromium != nil else { return }
        let clock = ContinuousClock.now
        let page = try await onOwnThread { try HTMLReportTests.chrome(["--dump-dom", dir.appendingPathComponent("report.html").absoluteString]) }
        let ready = page.stdout.firstMatch(of: /id="ok" hidden="" data-ms="(\d+)"/)?.output.1 ?? "?"
        print("  chromium: 10,000-conversation report.html usable after \(ready) ms; whole run \(ContinuousClock.now - clock)")
        HTMLReportTests.expectCleanLoad(page)
        #expect(HTMLReportTests.count("<details class=\"conv", in: page.stdout) == 200)
        #expect(page.stdout.contains("Show more (9800 remaining)"))
    }
}
