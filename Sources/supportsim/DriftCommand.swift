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

    @Option(help: "baseline (goldens/baseline.json), previous (the run before the current one), a run id, or a results.json.")
    var against = "baseline"

    @Option(help: "The run to judge: a run id, or a results.json (e.g. reports/latest/results.json after run --no-history); default: the suite's latest complete run.")
    var current: String?

    @Option(help: "A JSONL file of real messages ({\"message\": ..., \"at\": ...} a line) for coverage drift.")
    var traffic: String?

    @Option(help: "The folder for drift.md and drift.json (default: <reports>/drift/).")
    var out: String?

    func run() throws {
        let loaded = try suite.load(skipInvalid: true)
        let goldens = loaded.root.appendingPathComponent("goldens")
        let settings = DriftSettings(config: loaded.config)
        var report: DriftReport
        do {
            if let current, let (json, url) = try DriftSources.resultsFile(current) {
                report = try DriftSources.report(currentFile: json, at: url, against: against, store: { try HistoryLocation.open(loaded) },
                                                 goldens: goldens, settings: settings)
            } else {
                let store = try HistoryLocation.open(loaded)
                (report, _) = try DriftSources(store: store, suite: loaded.config.name, goldens: goldens)
                    .report(against: against, current: current, settings: settings)
            }
        } catch let failure as DriftSources.Failure {
            Console.error("error: \(failure)")
            throw ExitStatus.invalidInput.exitCode
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("error: cannot read the history: \(error)")
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
