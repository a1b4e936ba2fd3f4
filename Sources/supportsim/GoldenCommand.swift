import ArgumentParser
import Foundation
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

    func run() throws {
        let loaded = try suite.load(skipInvalid: true)
        let store = try HistoryLocation.open(loaded)
        let goldens = loaded.root.appendingPathComponent("goldens")
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
        let outcome: GoldenApprover.Outcome
        do {
            outcome = try GoldenApprover(folder: goldens).approve(store: store, run: approved)
        } catch {
            Console.error("error: cannot write \(goldens.path): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        print("approved run \(approved.id): \(outcome.written.count) file(s) written, \(outcome.unchanged.count) unchanged")
        for path in outcome.written { print("  wrote goldens/\(path)") }
        if !outcome.notInRun.isEmpty {
            print("kept goldens of scenarios this run did not play: " + outcome.notInRun.joined(separator: ", "))
        }
    }
}
