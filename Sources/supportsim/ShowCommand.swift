import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimScoring

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one stored run: its metrics, gates, and the scenarios that did not pass, with the reasons.")

    @Argument(help: "The run id (or a unique prefix of it), latest, or a results.json (e.g. reports/latest/results.json after run --no-history).")
    var runID: String

    @Flag(help: "Let the suite's config name paths outside the suite folder.")
    var allowOutsidePaths = false

    @Option(help: "The suite folder whose history holds the run.")
    var suite: String = "."

    func run() throws {
        let file: (JSONValue, URL)?
        do {
            file = try DriftSources.resultsFile(runID)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        if let (json, url) = file {
            showResults(json, from: url)
            return
        }
        let loaded = try SuiteArgument(suite: suite, allowOutsidePaths: allowOutsidePaths).load(skipInvalid: true)
        let store = try HistoryLocation.openReadOnly(loaded)
        let sources = DriftSources(store: store, suite: loaded.config.name, goldens: loaded.root.appendingPathComponent("goldens"))
        let run: StoredRun
        do {
            run = runID == "latest" ? try sources.currentRun(nil) : try sources.run(runID)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        print("run \(run.id)  \(run.status.rawValue)")
        print("suite \(run.suite), agent \(run.agent), started \(run.startedAt)" + (run.finishedAt.map { ", finished \($0)" } ?? ""))
        print("commit \(run.gitCommit ?? "-"), config \(run.configHash ?? "-")"
              + (run.filterList.isEmpty ? "" : ", filters " + run.filterList.joined(separator: " ")))
        print("pass rate \(try RunText.passRate(run, store: store))")
        Self.printOutcome(metrics: run.metricsJSON, gates: run.gatesJSON,
                          conversations: try store.conversations(runID: run.id).map { ScenarioSnapshot(resultsObject: $0.resultJSON) },
                          what: "stored", passed: run.passed)
    }

    /// A run from the results.json it wrote, with no history.
    func showResults(_ json: JSONValue, from url: URL) {
        let info = json["run"]
        print("run \(info?["id"]?.stringValue ?? "?")  from \(url.path)")
        print("suite \(info?["suite"]?.stringValue ?? "?"), agent \(info?["agent"]?.stringValue ?? "?"), started \(info?["started_at"]?.stringValue ?? "?")"
              + (info?["finished_at"]?.stringValue.map { ", finished \($0)" } ?? ""))
        let conversations = (json["scenarios"]?.arrayValue ?? []).map(ScenarioSnapshot.init(resultsObject:))
        let passed = conversations.filter { $0.status == "pass" }.count
        print("pass rate \(passed)/\(conversations.count)")
        Self.printOutcome(metrics: json["metrics"], gates: json["gates"]?.arrayValue ?? [], conversations: conversations,
                          what: "in the file", passed: json["passed"]?.boolValue)
    }

    static func printOutcome(metrics json: JSONValue?, gates: [JSONValue], conversations: [ScenarioSnapshot], what: String, passed: Bool?) {
        if let json {
            let m = RunMetrics(json: json)
            var parts: [String] = []
            for metric in MetricCatalogue.with(.summary) {
                if let v = m.value(of: metric) {
                    parts.append(metric.name + " " + String(format: "%.1f%%", NSDecimalNumber(decimal: v).doubleValue * 100))
                }
            }
            if let p50 = m.frtMs.p50, let p95 = m.frtMs.p95 {
                parts.append("frt_ms p50 \(p50) p95 \(p95)")
            }
            print(parts.joined(separator: ", "))
        }
        for g in gates {
            let ok = g["passed"]?.boolValue == true
            let bound = [g["min"].map { "min \($0.displayText)" }, g["max"].map { "max \($0.displayText)" }].compactMap { $0 }
            print("\(ok ? "PASS" : "FAIL")  \(g["metric"]?.stringValue ?? "?") = \(g["value"]?.displayText ?? "n/a")  (\(bound.joined(separator: ", ")))")
        }
        let notPassed = conversations.filter { $0.status != "pass" }
        print("\(conversations.count) conversation\(conversations.count == 1 ? "" : "s") \(what), \(notPassed.count) not passed")
        for s in notPassed {
            print("\(s.status.uppercased()) \(s.id)#\(s.trial)")
            for reason in s.reasons { print("    " + SafeText.neutralized(reason)) }
        }
        if let passed { print(passed ? "PASSED" : "FAILED") }
    }
}
