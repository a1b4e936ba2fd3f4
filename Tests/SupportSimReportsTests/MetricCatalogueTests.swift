import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// One list of metrics: what a run computes, what gates accept, what the schema and the docs
/// name, and what the reports show all come from `MetricCatalogue`, and agree.
struct MetricCatalogueTests {
    /// The metrics a run has only under conditions this run does not meet.
    static let conditional: Set<String> = ["redteam", "drift.regressions"]

    /// Every catalogue entry is a typed figure of the run, and the same number at its dotted
    /// path in results.json's `metrics` object.
    @Test func everyCatalogueMetricIsAFigureTheCalculatorProduces() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.sla = SLA(firstResponseMs: 60_000, resolutionMs: 600_000)
        let results = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(repeatCount: 2))
        let metrics = MetricsCalculator(config: suite.config).metrics(results)
        let json = metrics.json
        for d in MetricCatalogue.all where !Self.conditional.contains(d.name) && !d.name.hasPrefix("tau.") {
            let node = d.path.reduce(Optional(json)) { $0?[$1] }
            #expect(node != nil, "\(d.name) is in the catalogue but not in a run's metrics")
            let value = try #require(metrics.value(of: d), "\(d.name) has a value to gate")
            #expect((node?["value"] ?? node)?.decimalValue == value, "\(d.name): results.json holds the figure gates read")
            #expect(metrics.has(d))
            if d.kind == .rate {
                #expect(node?["n"]?.intValue == metrics.rate(of: d)?.n, "\(d.name) is a rate: it carries its n")
            }
        }
    }

    /// A stored run's metrics (history, baseline.json, results.json) read back as they were written.
    @Test func metricsReadBackFromTheirJSONAreTheSame() async throws {
        let run = try await ReportFixtures.bundledRun()
        #expect(RunMetrics(json: run.metrics.json) == run.metrics)
        #expect(RunMetrics(json: run.metrics.json).json == run.metrics.json)
        var withDrift = run.metrics
        withDrift.drift = .init(regressions: 2, scenarioRegressions: 1, improvements: 0, transcriptChanges: 3)
        #expect(RunMetrics(json: withDrift.json) == withDrift)
        #expect(withDrift.value(of: MetricCatalogue.named("drift.regressions")!) == 2)
        #expect(run.metrics.value(of: MetricCatalogue.named("drift.regressions")!) == nil, "no baseline, no drift figure to gate")
    }

    @Test func theSchemaOffersExactlyTheCatalogueGateNamesWithFractionBounds() throws {
        let schema = try #require(JSONSchemaExport.all().first { $0.file == "supportsim.schema.json" }?.schema)
        let gates = try #require(schema["properties"]?["gates"])
        #expect(gates["propertyNames"]?["enum"]?.arrayValue?.compactMap(\.stringValue) == MetricCatalogue.gateNames)
        for d in MetricCatalogue.with(.gate) {
            let bound = gates["properties"]?[d.name]?["properties"]?["min"]?["maximum"]
            #expect((bound == .number(1)) == d.kind.isFraction, "\(d.name): a fraction's bounds lie in 0...1, no other's")
        }
    }

    @Test func anUnknownGateIsRefusedAtLoadWithTheNearestName() throws {
        let dir = Fixtures.copy(Fixtures.acmeMini)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let config = dir.appendingPathComponent("supportsim.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "gates:\n", with: "gates:\n  automation_rat: {min: 0.5}\n").utf8).write(to: config)
        #expect(throws: (any Error).self) { try SuiteLoader(root: dir).load() }
        do { _ = try SuiteLoader(root: dir).load() } catch {
            #expect("\(error)".contains("unknown metric \"automation_rat\""), "\(error)")
            #expect("\(error)".contains("automation_rate"), "the nearest name is suggested: \(error)")
        }
    }

    @Test func aGateIsResolvedToItsCatalogueEntryOnce() {
        #expect(Gate(metric: "frt_ms.p95", max: 3000).definition?.kind == .milliseconds)
        #expect(Gate(metric: "no_such_metric").definition == nil)
    }

    @Test func theReportsShowTheCatalogueReportMetricsInItsOrder() async throws {
        let run = try await ReportFixtures.bundledRun()
        let md = MarkdownReportWriter().render(run)
        let labels = MetricCatalogue.with(.report).filter(run.metrics.has).map(\.label)
        let positions = labels.compactMap { md.range(of: "| \($0) |")?.lowerBound }
        #expect(positions.count == labels.count, "every report metric the run has is a row of report.md's KPI table")
        #expect(positions == positions.sorted(), "in catalogue order")
    }

    @Test func docsMetricsListsTheCatalogue() throws {
        let docs = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/metrics.md"), encoding: .utf8)
        #expect(docs.contains(MetricCatalogue.markdownTable),
                "docs/metrics.md is stale; run `swift run supportsim schema --metrics-docs docs/metrics.md`")
    }
}
