import ArgumentParser
import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimDrift
import SupportSimHistory

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare a run with a baseline, with sound statistics, and write drift.md and drift.json.",
        discussion: """
            Rates: Fisher's exact test (z-test when both n > 1000); latencies: Mann-Whitney U; reported intents: \
            chi-square and PSI; p-values adjusted by Benjamini–Hochberg. Exits 1 when a drift.* gate of the config \
            fails (e.g. drift.regressions: {max: 0}), else 0.
            """)

    @OptionGroup var suite: SuiteArgument

    @Option(help: "baseline (goldens/baseline.json), previous (the run before the current one), or a run id.")
    var against = "baseline"

    @Option(help: "The run to judge (default: the suite's latest complete run).")
    var current: String?

    @Option(help: "A JSONL file of real messages ({\"message\": ..., \"at\": ...} a line) for coverage drift.")
    var traffic: String?

    @Option(help: "The folder for drift.md and drift.json (default: <reports>/drift/).")
    var out: String?

    func run() throws {
        let loaded = try suite.load(skipInvalid: true)
        let store = try HistoryLocation.open(loaded)
        let goldens = loaded.root.appendingPathComponent("goldens")
        let sources = DriftSources(store: store, suite: loaded.config.name, goldens: goldens)
        var report: DriftReport
        do {
            (report, _) = try sources.report(against: against, current: current, settings: DriftSettings(config: loaded.config))
        } catch let failure as DriftSources.Failure {
            Console.error("error: \(failure)")
            throw ExitStatus.invalidInput.exitCode
        } catch {
            Console.error("error: cannot read the history \(store.location): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        if let traffic {
            guard let data = FileManager.default.contents(atPath: traffic) else {
                Console.error("error: cannot read the traffic file \(traffic)")
                throw ExitStatus.invalidInput.exitCode
            }
            let (messages, skipped) = CoverageDrift.readTraffic(String(decoding: data, as: UTF8.self))
            report.coverage = CoverageDrift(traffic: messages, skippedLines: skipped,
                                            scenarioIntents: loaded.scenarios.map(\.primaryIntent),
                                            intent: { IntentClassifier.shared.classify($0).intent })
        }
        let folder = out.map { URL(fileURLWithPath: $0) }
            ?? loaded.root.appendingPathComponent(loaded.config.reports).appendingPathComponent("drift")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(report.markdown.utf8).write(to: folder.appendingPathComponent("drift.md"))
            try Data(report.json.prettyJSONText().utf8).write(to: folder.appendingPathComponent("drift.json"))
        } catch {
            Console.error("error: cannot write the drift report to \(folder.path): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        print(report.terminalSummary)
        print("reports: \(folder.path)")
        let verdicts = DriftGate.evaluate(loaded.config.gates, report: report)
        for v in verdicts { print(v.line) }
        if !verdicts.allSatisfy(\.passed) {
            print("FAILED")
            throw ExitStatus.gateFailed.exitCode
        }
    }
}
