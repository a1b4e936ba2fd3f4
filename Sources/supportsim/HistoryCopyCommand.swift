import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimHistory

struct HistoryCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every run of one history into another, e.g. a local SQLite history into the team's PostgreSQL one.",
        discussion: """
            Each run is copied whole (its id, status, conversations, checks, findings and metrics) in one transaction, \
            oldest first. Runs the target already holds are skipped, so copying again adds only what is missing; a run \
            still being written is skipped until it has finished. The source is only read. \
            A URL on the command line may not hold a password: set PGPASSWORD.
            """)

    @Option(help: "The history to copy from: a SQLite file (e.g. .supportsim/history.sqlite) or a postgres:// URL.")
    var from: String

    @Option(help: "The history to copy into: a postgres:// URL or a SQLite file (default: $SUPPORTSIM_HISTORY_URL).")
    var to: String?

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let environment = ProcessInfo.processInfo.environment
        let source: HistoryLocation.Address
        let target: HistoryLocation.Address
        do {
            source = try HistoryLocation.address(from, origin: .commandLine("--from"), relativeTo: cwd)
            if let to {
                target = try HistoryLocation.address(to, origin: .commandLine("--to"), relativeTo: cwd)
            } else if let url = environment[HistoryLocation.environmentVariable], !url.isEmpty {
                target = try HistoryLocation.address(url, origin: .environment(HistoryLocation.environmentVariable), relativeTo: cwd)
            } else {
                Console.error("error: name the history to copy into: --to postgres://USER@HOST:PORT/DATABASE (the password in "
                              + "PGPASSWORD), or set \(HistoryLocation.environmentVariable)")
                throw ExitStatus.invalidInput.exitCode
            }
        } catch let error as HistoryError {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        guard source.shown != target.shown else {
            Console.error("error: --from and --to name the same history (\(source.shown))")
            throw ExitStatus.invalidInput.exitCode
        }
        let from: any RunHistory, to: any RunHistory
        do {
            from = try HistoryLocation.openReadOnly(source)
        } catch where error.isMissing {
            Console.error("error: \(error) (check --from)")
            throw ExitStatus.invalidInput.exitCode
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        do {
            to = try HistoryLocation.open(target)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        var copied = 0, present = 0, running = 0
        do {
            try HistoryCopy.copy(from: from, to: to) { run, outcome in
                switch outcome {
                case .copied(let n):
                    copied += 1
                    print("copied  \(run.id)  \(run.suite)  \(run.status.rawValue), \(n) conversation\(n == 1 ? "" : "s")")
                case .alreadyThere:
                    present += 1
                    print("skipped \(run.id)  \(run.suite)  already in the target")
                case .stillRunning:
                    running += 1
                    print("skipped \(run.id)  \(run.suite)  still running; copy again once it has finished")
                }
            }
        } catch {
            Console.error("error: the copy stopped after \(copied) run(s): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        print("\(copied) run(s) copied, \(present) already there, \(running) still running: \(source.shown) -> \(target.shown)")
    }
}
