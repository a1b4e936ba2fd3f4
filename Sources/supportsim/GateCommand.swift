import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimScoring

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Evaluate the suite's gates on a stored run and exit 0 (all pass) or 1.",
        discussion: "Reads <reports>/<RUN_ID>/results.json (default: latest) and the gates of the suite's supportsim.yml.")

    @Argument(help: "The run to judge (default: latest).")
    var runID: String = "latest"

    @Option(help: "The suite folder whose config holds the gates.")
    var suite: String = "."

    @Option(help: "The reports folder (default: the config's).")
    var reports: String?

    func run() throws {
        let loaded = try SuiteArgument(suite: suite).load(skipInvalid: true)
        let folder = reports.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        let file = folder.appendingPathComponent(runID).appendingPathComponent("results.json")
        let results: JSONValue
        do {
            results = try JSONValue.parse(Data(contentsOf: file))
        } catch {
            Console.error("error: cannot read \(file.path): \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let metrics = results["metrics"] ?? [:]
        let verdicts = GateEvaluator.evaluate(loaded.config.gates, metrics: metrics)
        print("run \(results["run"]?["id"]?.stringValue ?? runID)")
        for v in verdicts { print(v.line) }
        let passed: Bool
        if verdicts.isEmpty {
            let counts = metrics["counts"]
            passed = (counts?["total"]?.intValue ?? 0) == (counts?["pass"]?.intValue ?? -1)
        } else {
            passed = verdicts.allSatisfy(\.passed)
        }
        print(passed ? "PASSED" : "FAILED")
        if !passed { throw ExitStatus.gateFailed.exitCode }
    }
}
