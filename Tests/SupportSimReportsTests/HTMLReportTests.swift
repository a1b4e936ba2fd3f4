import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// report.html as a browser sees it: headless Chromium loads the file, runs its script, and
/// dumps the resulting DOM, which these tests read.
struct HTMLReportTests {
    static let chromium = Tool.find("chromium")
    /// Skipped without Chromium, except in CI (SUPPORTSIM_REQUIRE_ALL=1), where its absence fails.
    static let runnable = chromium != nil || ExternalClients.requireAll

    /// One Chromium run with its own profile folder, so tests running in parallel never share one.
    static func chrome(_ arguments: [String]) throws -> Tool.Result {
        let profile = Fixtures.temporaryFolder("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let chromium = try #require(Self.chromium, "chromium is missing: apt-get install chromium (.ci/run installs it)")
        return try Tool.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                        "--no-first-run", "--user-data-dir=\(profile.path)", "--enable-logging=stderr",
                                        "--v=0"] + arguments)
    }

    static func url(_ file: URL, open key: String) -> String {
        file.absoluteString + "#open=" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)
    }

    /// The page's own script ran to the end and nothing logged an error or was refused by the CSP.
    static func expectCleanLoad(_ result: Tool.Result) {
        #expect(result.status == 0, "chromium failed: \(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("<div id=\"ok\" hidden=\"\" data-ms=\""), "the page's script did not finish")
        #expect(!result.stdout.contains("id=\"script-error\""), "the page reported a script error")
        for line in result.stderr.split(separator: "\n") where line.contains("CONSOLE") || line.contains("Uncaught") {
            #expect(!line.contains("Uncaught") && !line.contains("Refused") && !line.contains("Error"), "console: \(line)")
        }
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test(.enabled(if: runnable, "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"))
    func theBundledSuitesReportOpensWithEverySection() async throws {
        let run = try await ReportFixtures.bundledRun()
        let dir = try ReportFixtures.write(run)
        let file = dir.appendingPathComponent("report.html")
        let target = run.results.first { $0.status != .pass && !$0.record.audit.isEmpty } ?? run.results[0]
        let result = try Self.chrome(["--dump-dom", Self.url(file, open: "\(target.id)#\(target.trial)")])
        Self.expectCleanLoad(result)
        let dom = result.stdout

        for section in ["failures", "gates", "kpis", "charts", "readiness", "violations", "hallucinations", "drift", "transcripts"] {
            #expect(dom.contains("<section id=\"\(section)\">"), "no \(section) section")
        }
        #expect(Self.count(" data-metric=\"", in: dom) == KPI.present(in: run.metrics).count)
        #expect(dom.contains("95% CI "))
        for chart in ["chart-intents", "chart-frt", "chart-confusion"] {
            let figure = try #require(dom.range(of: "<figure id=\"\(chart)\">"))
            #expect(dom[figure.upperBound...].prefix(400).contains("<svg"), "\(chart) has no svg")
        }
        #expect(dom.contains("no history yet"))
        #expect(dom.contains("id=\"no-drift\""))
        #expect(dom.contains("class=\"badge b-autonomous\"") || dom.contains("class=\"badge b-assisted\"")
            || dom.contains("class=\"badge b-read-only\""))
        // Rows come a page at a time; only the opened one has its details in the DOM.
        let total = run.results.count + run.invalid.count
        #expect(Self.count("<details class=\"conv", in: dom) == min(200, total))
        #expect(Self.count("<div class=\"detail\">", in: dom) == 1)
        #expect(dom.contains("id=\"conv-\(run.results.firstIndex { $0.id == target.id }!)\" data-i"))
        #expect(dom.contains("Audit log (\(target.record.audit.count) calls)"))
        #expect(dom.contains(Escape.html(target.record.transcript[0].text)))
        if let step = target.record.transcript.compactMap(\.reply).first(where: { !$0.trace.isEmpty })?.trace.first {
            #expect(dom.contains(Escape.html("\(step.agent): \(step.decision)")))
        }

        let png = dir.appendingPathComponent("report-screenshot.png")
        let shot = try Self.chrome(["--screenshot=\(png.path)", "--window-size=1280,2000", "--hide-scrollbars", file.absoluteString])
        #expect(shot.status == 0, "\(shot.stderr.suffix(1000))")
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot missing or blank")
        print("report.html: \(file.path)\nscreenshot: \(png.path)")
    }

    @Test(.enabled(if: runnable, "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"))
    func markupFromScenariosAndAgentsIsShownAsTextAndNeverRuns() async throws {
        let run = try await ReportFixtures.mixedRun()
        let file = try ReportFixtures.write(run).appendingPathComponent("report.html")
        let result = try Self.chrome(["--dump-dom", Self.url(file, open: "escalation/legal-threat#1")])
        Self.expectCleanLoad(result)
        let dom = result.stdout
        // Either payload, had it run, would have set this attribute on <body>.
        #expect(!dom.contains("data-pwned"))
        #expect(!dom.contains("<img"))
        #expect(dom.contains("Legal threat &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(dom.contains("Noted &lt;img src=x onerror="), "the reply was not rendered as text in the opened transcript")
        // The page's title is still its own.
        #expect(dom.contains("<title>SupportSim — \(Escape.html(run.info.suite)) — test-run</title>"))
    }

    @Test func thePageIsSelfContainedAndOnlyItsOwnScriptMayRun() async throws {
        let run = try await ReportFixtures.mixedRun()
        let html = HTMLReportWriter().render(run)
        let csp = try #require(html.firstMatch(of: /script-src '(sha256-[A-Za-z0-9+\/=]+)'/)?.output.1)
        #expect("'\(csp)'" == ScriptHash.cspSource(HTMLScript.source), "the CSP allows exactly the page's own script")
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("unsafe-inline'; script") && !html.contains("script-src 'unsafe-inline'"))
        for external in ["https://", "src=\"//", "href=\"//", "@import", "url("] {
            #expect(!html.contains(external), "external reference: \(external)")
        }
        #expect(Self.count("http://", in: html) == Self.count("xmlns=\"http://www.w3.org/2000/svg\"", in: html))
        // Exactly two <script> elements, and the data cannot close or comment out its own.
        #expect(Self.count("<script", in: html) == 2)
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = String(html[start.upperBound..<end.lowerBound])
        #expect(!data.contains("<"))
        let parsed = try JSONValue.parse(data)
        #expect(parsed["conversations"]?.arrayValue?.count == 5)
        #expect(!html.contains("<details"), "transcripts must be rendered by the script, not written into the page")
        #expect(!html.contains("<script>alert") && !html.contains("<img"))
    }

    @Test func trendAndDriftAreShownWhenGiven() async throws {
        let run = try await ReportFixtures.mixedRun()
        let drift = DriftSection(
            headline: "run x against baseline: 1 significant regression <b>",
            metrics: ReportTable(columns: ["Change", "Metric", "Baseline → current"],
                                 rows: [["regression", "scenario_pass_rate", "95.0% (19/20) → 60.0% (12/20)"], ["unchanged", "accuracy", "1 → 1"]]),
            scenarios: ReportTable(columns: ["Change", "Scenario"], rows: [["newly failing", "billing/<x>"]]))
        var writer = HTMLReportWriter(trend: [("run-1", 0.5), ("run-<2>", 0.75)], drift: drift)
        var html = writer.render(run)
        #expect(html.contains("<polyline"))
        #expect(html.contains("run-&lt;2&gt;"))
        #expect(!html.contains("no history yet"))
        #expect(html.contains("<th>Baseline → current</th>"))
        #expect(html.contains("<tr><td>regression</td><td>scenario_pass_rate</td><td>95.0% (19/20) → 60.0% (12/20)</td></tr>"))
        #expect(html.contains("<td>billing/&lt;x&gt;</td>"))
        #expect(html.contains("1 significant regression &lt;b&gt;"))
        #expect(!html.contains("drift.json") && !html.contains("<pre>{"), "no raw JSON")
        writer.drift = nil
        html = writer.render(run)
        #expect(html.contains("id=\"no-drift\""))
    }

    /// What a reader sees first is what failed; drift is a table with labelled columns.
    @Test(.enabled(if: runnable, "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"))
    func failuresComeFirstAndDriftIsALabelledTable() async throws {
        let run = try await ReportFixtures.mixedRun()
        let drift = DriftSection(
            headline: "run test-run against baseline: 1 significant regression",
            metrics: ReportTable(columns: ["Change", "Metric", "Baseline → current", "Effect [95% CI]", "p", "Adjusted p", "Test"],
                                 rows: [["regression", "scenario_pass_rate", "100.0% (4/4) → 25.0% (1/4)", "difference -75.0 pts",
                                         "0.0286", "0.0286", "fisher"]]),
            scenarios: ReportTable(columns: ["Change", "Scenario", "Baseline", "Current", "Reason"],
                                   rows: [["newly failing", "billing/large-refund", "pass", "fail", "resolution: expected escalated"]]))
        let dir = try ReportFixtures.write(run, writers: [HTMLReportWriter(drift: drift)])
        let result = try Self.chrome(["--dump-dom", dir.appendingPathComponent("report.html").absoluteString])
        Self.expectCleanLoad(result)
        let dom = result.stdout
        let main = try #require(dom.range(of: "<main>"))
        #expect(dom[main.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<section id=\"failures\">"),
                "the Failures section comes first")
        let failures = String(dom[dom.range(of: "<section id=\"failures\">")!.lowerBound...].prefix(20_000))
        for r in run.results where r.status != .pass {
            #expect(failures.contains(Escape.html("\(r.id)#\(r.trial)")), "\(r.id) missing from Failures")
        }
        #expect(failures.contains("1 of 1"))
        let driftStart = try #require(dom.range(of: "<section id=\"drift\">"))
        let driftEnd = try #require(dom.range(of: "</section>", range: driftStart.upperBound..<dom.endIndex))
        let driftHTML = String(dom[driftStart.lowerBound..<driftEnd.upperBound])
        for column in ["Change", "Metric", "Baseline → current", "Effect [95% CI]", "Adjusted p", "Reason"] {
            #expect(driftHTML.contains("<th>\(column)</th>"), "drift column \(column)")
        }
        #expect(driftHTML.contains("<td>scenario_pass_rate</td>"))
        #expect(!driftHTML.contains("{\"") && !driftHTML.contains("drift.json"), "no raw JSON in the drift section")
    }

    /// Each KPI tile says how the figure moved against the baseline, coloured by which way is
    /// better for it (the metric catalogue's direction), and unjudged where neither is.
    @Test func kpiTilesShowTheChangeAgainstTheBaseline() async throws {
        let run = try await ReportFixtures.mixedRun()
        var baseline = run.metrics
        baseline.scenarioPassRate = Rate(4, of: 4)
        baseline.hallucinationRate = Rate(2, of: 4)
        baseline.escalationRate = Rate(0, of: 4)
        let drift = DriftSection(headline: "against the baseline", metrics: ReportTable(columns: [], rows: []),
                                 scenarios: ReportTable(columns: [], rows: []),
                                 baselineLabel: "baseline (goldens/baseline.json)", baselineMetrics: baseline)
        let html = HTMLReportWriter(drift: drift).render(run)
        func tile(_ metric: String) -> String {
            guard let start = html.range(of: "data-metric=\"\(metric)\"") else { return "" }
            return String(html[start.upperBound...].prefix { $0 != "\n" })
        }
        let pass = run.metrics.scenarioPassRate.value ?? 0
        #expect(tile("scenario_pass_rate").contains("<div class=\"delta worse\""), "the pass rate fell: \(tile("scenario_pass_rate"))")
        #expect(tile("scenario_pass_rate").contains(String(format: "−%.1f pts vs baseline", (1 - pass) * 100)))
        #expect(tile("hallucination_rate").contains("<div class=\"delta better\""), "fewer hallucinations are better")
        let escalation = tile("escalation_rate")
        #expect(escalation.contains("delta neutral") || escalation.contains("delta same"), "escalation rate is not judged: \(escalation)")
        #expect(tile("accuracy").contains("no change"), "an unchanged figure says so")
        #expect(html.contains("Changes are against baseline (goldens/baseline.json)."))
        #expect(!HTMLReportWriter().render(run).contains("class=\"delta"), "no baseline, no change shown")
    }

    /// The CSP hash is the base64 SHA-256 that browsers compute (values from Python's hashlib).
    @Test func theScriptHashIsTheOneBrowsersCompute() {
        #expect(ScriptHash.cspSource("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
        #expect(ScriptHash.cspSource("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
    }
}
