import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing
import Yams

/// Goldens and drift end to end on stored runs of scripted agents.
struct GoldenAndDriftTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func files(in folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! {
            if let data = FileManager.default.contents(atPath: url.path), !url.hasDirectoryPath { out[url.path] = data }
        }
        return out
    }

    @Test func approvingTheSameRunTwiceLeavesEveryFileByteIdentical() async throws {
        let (store, folder) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 2)
        try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        let run = try #require(try store.latestCompleteRun(suite: suite.config.name))
        let goldens = folder.appendingPathComponent("goldens")
        let first = try GoldenApprover(folder: goldens).approve(store: store, run: run)
        let before = try files(in: goldens)
        let second = try GoldenApprover(folder: goldens).approve(store: store, run: run)
        #expect(first.written.count == 5 && first.unchanged.isEmpty)
        #expect(second.written.isEmpty && second.unchanged.count == 5)
        #expect(try files(in: goldens) == before)
        let baseline = try #require(String(data: before[goldens.appendingPathComponent("baseline.json").path]!, encoding: .utf8))
        #expect(!baseline.contains(run.id) && !baseline.contains("2026-"), "no run id or wall-clock time")
    }

    @Test func goldenFilesAreReadBackByYamsAndByTheDriftReader() async throws {
        let (store, folder) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 1)
        try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        let run = try #require(try store.latestCompleteRun(suite: suite.config.name))
        let goldens = folder.appendingPathComponent("goldens")
        _ = try GoldenApprover(folder: goldens).approve(store: store, run: run)
        let text = try String(contentsOf: goldens.appendingPathComponent("billing/double-charge~0.yaml"), encoding: .utf8)
        let yams = try #require(try Yams.load(yaml: text) as? [String: Any])
        let transcript = try #require(yams["transcript"] as? [[String: Any]])
        let golden = try #require(GoldenTranscript.loadAll(from: goldens)["billing/double-charge~0"])
        #expect(yams["scenario"] as? String == "billing/double-charge~0")
        #expect(transcript.compactMap { $0["role"] as? String == "agent" ? $0["text"] as? String : nil } == golden.replies)
        #expect(golden.replies.last == "You're welcome, have a great day!")
        let refund = try #require((transcript[3]["calls"] as? [[String: Any]])?.last)
        #expect(refund["operation"] as? String == "billing.refund" && refund["ok"] as? Bool == true)
    }

    @Test(arguments: ["plain", "with: colon # and hash", "quote \" and \\ backslash", "line\nbreak\ttab", "nel\u{85} ls\u{2028} bom\u{FEFF}",
                      "yes", "- dash", "émoji 🎉", ""])
    func yamlQuotingRoundTripsThroughYams(_ s: String) throws {
        let doc: JSONValue = ["text": .string(s), "on": .string(s), "list": [["key with space": .string(s), "n": 1]]]
        let yaml = GoldenYAML.render(doc)
        let loaded = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect(loaded["text"] as? String == s)
        #expect(loaded["on"] as? String == s)
        #expect(((loaded["list"] as? [[String: Any]])?.first?["key with space"] as? String) == s)
        #expect(try GoldenYAML.parse(yaml) == doc)
    }

    @Test func changingOneReplyShowsExactlyThatScenariosTranscriptChange() async throws {
        let (store, folder) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 3)
        try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        let goldens = folder.appendingPathComponent("goldens")
        _ = try GoldenApprover(folder: goldens).approve(store: store, run: try #require(try store.latestCompleteRun(suite: suite.config.name)))
        let changed = SyntheticRuns.agent { turn in
            turn.scenario == "billing/double-charge~1" && turn.turn == 2
                ? AgentReply(text: "Glad to help. Your refund ticket number is on its way by e-mail.", intent: "smalltalk.thanks") : nil
        }
        try await SyntheticRuns.run(changed, suite: suite, store: store, at: Self.t0.addingTimeInterval(60))
        let sources = DriftSources(store: store, suite: suite.config.name, goldens: goldens)
        let (report, _) = try sources.report(against: "baseline", current: nil, settings: DriftSettings())
        #expect(report.transcriptReference == "goldens")
        #expect(report.transcripts.map(\.scenario) == ["billing/double-charge~1"])
        let change = try #require(report.transcripts.first)
        #expect(change.reply == 3 && change.similarity < 0.8)
        #expect(change.diff.contains("[-") && change.diff.contains("{+"))
        #expect(report.regressionCount == 0)
    }

    @Test func twoRunsOfAnUnchangedAgentShowNoSignificantRegression() async throws {
        let (store, folder) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 10)
        for i in 0..<2 { try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0.addingTimeInterval(Double(i) * 60)) }
        let sources = DriftSources(store: store, suite: suite.config.name, goldens: folder.appendingPathComponent("goldens"))
        let (report, current) = try sources.report(against: "previous", current: nil, settings: DriftSettings())
        #expect(report.findings.count > 10)
        #expect(report.findings.allSatisfy { !$0.significant && $0.label == .unchanged })
        #expect(report.regressionCount == 0 && report.scenarios.regressions.isEmpty && report.transcripts.isEmpty)
        #expect(DriftGate.evaluate([Gate(metric: "drift.regressions", max: 0)], report: report).map(\.passed) == [true])
        #expect(report.trend?.points.map(\.runID).last == current.id && report.trend?.points.count == 2)
    }

    @Test func anAgentMadeWorseOnOneIntentShowsThatIntentsRegressionWithItsPValue() async throws {
        let (store, folder) = try SyntheticRuns.temporaryStore()
        let suite = try SyntheticRuns.suite(copies: 20)
        try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: Self.t0)
        try await SyntheticRuns.run(SyntheticRuns.worseOnOrders, suite: suite, store: store, at: Self.t0.addingTimeInterval(60))
        let sources = DriftSources(store: store, suite: suite.config.name, goldens: folder.appendingPathComponent("goldens"))
        let (report, _) = try sources.report(against: "previous", current: nil, settings: DriftSettings())
        let orders = try #require(report.findings.first { $0.metric == "by_intent.order.status.scenario_pass_rate" })
        #expect(orders.label == .regression && orders.significant)
        #expect(orders.test == "fisher")
        #expect(close(orders.p, 2.0 / 137_846_528_820), "20/20 → 0/20: both extreme tables, p = 2 / C(40, 20)")
        #expect(orders.adjustedP < 0.05 && orders.adjustedP >= orders.p)
        #expect(orders.effect == -1 && orders.effectHigh! < 0)
        let billing = try #require(report.findings.first { $0.metric == "by_intent.billing.double_charge.scenario_pass_rate" })
        #expect(billing.label == .unchanged)
        #expect(report.scenarios.regressions.count == 20)
        #expect(report.scenarios.regressions.allSatisfy { $0.scenario.hasPrefix("orders/") && !$0.reasons.isEmpty })
        let gate = DriftGate.evaluate([Gate(metric: "drift.regressions", max: 0)], report: report)
        #expect(gate.map(\.passed) == [false])
        #expect(report.json["summary"]?["regressions"]?.intValue == report.regressionCount)
        let json = try #require(report.json["findings"]?.arrayValue?.first { $0["metric"] == "by_intent.order.status.scenario_pass_rate" })
        #expect(json["p_text"] == "1.45e-11" && json["label"] == "regression")
        #expect(json["p"]?.decimalValue == Decimal(string: "1e-10"), "JSON numbers stop at 10 decimals; the text keeps the magnitude")
        #expect(report.markdown.contains("| regression | `by_intent.order.status.scenario_pass_rate` |"))
        #expect(report.terminalSummary.contains("REGRESSION  by_intent.order.status.scenario_pass_rate"))
    }

    @Test func coverageListsIntentsCommonInTrafficAndRareInScenariosFirst() {
        let classifier = IntentClassifier.shared
        let orderMessage = "Where is my order ORD-5001? It still has not arrived."
        let intent = classifier.classify(orderMessage).intent
        let traffic = [String](repeating: orderMessage, count: 8) + ["I was charged twice this month"]
        let coverage = CoverageDrift(traffic: traffic, scenarioIntents: ["billing.double_charge", "billing.double_charge", intent],
                                     intent: { classifier.classify($0).intent })
        #expect(coverage.rows.first?.intent == intent)
        #expect(coverage.rows.first.map { $0.gap > 0 } == true)
        #expect(coverage.messages == 9)
        let (messages, skipped) = CoverageDrift.readTraffic("{\"message\": \"hi\", \"at\": \"2026-01-01\"}\nnot json\n\n")
        #expect(messages == ["hi"] && skipped == 1)
    }
}
