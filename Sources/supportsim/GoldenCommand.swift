import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimHistory

struct GoldenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "golden",
        abstract: "Manage the approved transcripts and baseline that drift compares against.",
        subcommands: [GoldenApproveCommand.self])
}

struct GoldenApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Write goldens/<scenario-id>.yaml and goldens/baseline.json from a stored run.",
        discussion: """
            The files depend only on the run's content (sorted keys, no times or run ids), and a file whose bytes \
            would not change is left alone: approving the same run twice changes nothing.
            """)

    @OptionGroup var suite: SuiteArgument

    @Option(name: .customLong("run"), help: "The run to approve (default: the suite's latest complete run).")
    var runID: String?

    @Option(help: "Approve the run of this results.json instead of one from the history (e.g. after run --no-history).")
    var results: String?

    @Flag(help: "Approve a run that failed (scenarios not passed or gates failed): its failures become the baseline.")
    var force = false

    func validate() throws {
        if runID != nil && results != nil { throw ValidationError("pass --run or --results, not both") }
    }

    func run() throws {
        let loaded = try suite.load(skipInvalid: true)
        let goldens = loaded.root.appendingPathComponent("goldens")
        let approvedID: String
        let outcome: GoldenApprover.Outcome
        if let results {
            let url = URL(fileURLWithPath: results)
            guard FileManager.default.fileExists(atPath: url.path) else {
                Console.error("error: \(url.path) does not exist; pass the results.json a run wrote (e.g. reports/latest/results.json)")
                throw ExitStatus.invalidInput.exitCode
            }
            let json: JSONValue
            do {
                json = try JSONValue.parse(Data(contentsOf: url))
            } catch {
                Console.error("error: cannot read \(url.path) as a results.json: \(error)")
                throw ExitStatus.invalidInput.exitCode
            }
            approvedID = json["run"]?["id"]?.stringValue ?? url.path
            try refuseIfFailed(approvedID, failedGates: Self.failedGates(json["gates"]),
                               notPassed: (json["scenarios"]?.arrayValue ?? []).filter { $0["status"]?.stringValue != "pass" }.count)
            outcome = try write { try GoldenApprover(folder: goldens).approve(results: json) }
        } else {
            let store = try HistoryLocation.open(loaded)
            let sources = DriftSources(store: store, suite: loaded.config.name, goldens: goldens)
            let approved: StoredRun
            do {
                approved = try sources.currentRun(runID)
                guard approved.status == .complete else {
                    throw DriftSources.Failure(description: "run \(approved.id) is \(approved.status.rawValue); only a complete run can be approved")
                }
            } catch {
                Console.error("error: \(error)")
                throw ExitStatus.invalidInput.exitCode
            }
            let counts = try store.conversationCounts(runID: approved.id)
            let gates = approved.gates.flatMap { try? JSONValue.parse($0) }
            try refuseIfFailed(approved.id, failedGates: Self.failedGates(gates), notPassed: counts.total - counts.passed)
            approvedID = approved.id
            outcome = try write { try GoldenApprover(folder: goldens).approve(store: store, run: approved) }
        }
        print("approved run \(approvedID): \(outcome.written.count) file(s) written, \(outcome.unchanged.count) unchanged")
        for path in outcome.written { print("  wrote goldens/\(path)") }
        if !outcome.notInRun.isEmpty {
            print("kept goldens of scenarios this run did not play: " + outcome.notInRun.joined(separator: ", "))
        }
    }

    /// The gates that failed, except a drift gate without a value: a first baseline is
    /// approved exactly when there was none to drift against.
    static func failedGates(_ gates: JSONValue?) -> [String] {
        (gates?.arrayValue ?? []).compactMap { g in
            guard g["passed"]?.boolValue == false, let metric = g["metric"]?.stringValue else { return nil }
            if metric.hasPrefix("drift."), g["value"] == nil || g["value"] == .null { return nil }
            return metric
        }
    }

    /// A failing run as the baseline hides its failures from every later drift check.
    private func refuseIfFailed(_ id: String, failedGates: [String], notPassed: Int) throws {
        guard !failedGates.isEmpty || notPassed > 0 else { return }
        let why = [failedGates.isEmpty ? nil : "gate\(failedGates.count == 1 ? "" : "s") \(failedGates.joined(separator: ", ")) failed",
                   notPassed > 0 ? "\(notPassed) conversation(s) did not pass" : nil]
            .compactMap { $0 }.joined(separator: " and ")
        if force {
            Console.error("warning: approving run \(id) although \(why) (--force)")
            return
        }
        Console.error("error: run \(id) failed: \(why). Approving it makes those failures the baseline; "
                      + "pass --force to approve it anyway")
        throw ExitStatus.invalidInput.exitCode
    }

    private func write(_ body: () throws -> GoldenApprover.Outcome) throws -> GoldenApprover.Outcome {
        do {
            return try body()
        } catch {
            Console.error("error: cannot write goldens: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }
}
