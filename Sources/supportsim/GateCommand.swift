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

    @Flag(help: "Let the suite's config name paths outside the suite folder.")
    var allowOutsidePaths = false

    @Option(help: "The suite folder whose config holds the gates.")
    var suite: String = "."

    @Option(help: "The reports folder (default: the config's).")
    var reports: String?

    func run() throws {
        let loaded = try SuiteArgument(suite: suite, allowOutsidePaths: allowOutsidePaths).load(skipInvalid: true)
        let folder = reports.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        let file = folder.appendingPathComponent(runID).appendingPathComponent("results.json")
        let results: JSONValue
        guard FileManager.default.fileExists(atPath: file.path) else {
            Console.error("error: \(file.path) does not exist: run \(runID) has no results.json (it may have been killed "
                          + "before its reports were written); `supportsim history` lists the runs, and `supportsim run` makes a new one")
            throw ExitStatus.invalidInput.exitCode
        }
        do {
            results = try JSONValue.parse(Data(contentsOf: file))
        } catch let error as JSONParseError {
            Console.error("error: \(file.path) is not a results.json this program can read: \(error); run `supportsim run` again to rewrite it")
            throw ExitStatus.invalidInput.exitCode
        } catch {
            Console.error("error: cannot read \(file.path): \(error.localizedDescription)")
            throw ExitStatus.invalidInput.exitCode
        }
        let metrics = RunMetrics(json: results["metrics"] ?? [:])
        let verdicts = GateEvaluator.evaluate(loaded.config.gates, metrics: metrics)
        print("run \(results["run"]?["id"]?.stringValue ?? runID)")
        for v in verdicts { print(v.line) }
        let passed: Bool
        if verdicts.isEmpty {
            passed = results["metrics"]?["counts"] != nil && metrics.counts.total == metrics.counts.pass
        } else {
            passed = verdicts.allSatisfy(\.passed)
        }
        print(passed ? "PASSED" : "FAILED")
        if !passed { throw ExitStatus.gateFailed.exitCode }
    }
}
