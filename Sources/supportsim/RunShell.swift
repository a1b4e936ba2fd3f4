import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimPipeline
import SupportSimRunner
import SupportSimTauPlay

/// Where the command line meets the run pipeline: the pipeline decides, this prints. Its
/// failures become `error: …` on standard error and their exit status; its warnings and
/// progress are printed as they come; a finished run gets the summary and the gates' exit code.
enum RunShell {
    /// Runs `body`, turning a `RunFailure` into its message and exit status.
    static func exiting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as RunFailure {
            Console.error("error: \(failure.message)")
            throw ExitCode(failure.status.rawValue)
        }
    }

    /// The summary, then exit 1 when a gate failed (a shard decides nothing).
    static func conclude(_ outcome: RunOutcome, quiet: Bool) throws {
        Summary.print(outcome.record, reportFolder: outcome.reportFolder, quiet: quiet, shard: outcome.shard)
        if !outcome.passed { throw ExitStatus.gateFailed.exitCode }
    }

    /// The command line's agents, and its history (which knows PostgreSQL and the environment).
    static func environment(suite: Suite, observer: any RunObserver,
                            make: @escaping @Sendable (AgentSpec, TauSuiteData?) throws -> any SupportAgent) -> RunEnvironment {
        RunEnvironment(makeAgent: make, parseAgent: { try? AgentFactory.parse($0) },
                       openHistory: { try HistoryLocation.open(suite) }, observer: observer)
    }
}

/// The run's events on the terminal, where `supportsim run` has always printed them.
struct ConsoleRunObserver: RunObserver {
    let quiet: Bool
    let progressPrinter: ProgressPrinter

    init(quiet: Bool, verbose: Bool = false) {
        self.quiet = quiet
        progressPrinter = ProgressPrinter(quiet: quiet, verbose: verbose)
    }

    func warning(_ text: String) { Console.error("warning: \(text)") }

    func resuming(_ previousRunID: String, as runID: String, alreadyPlayed: Int) {
        if !quiet { print("resuming run \(previousRunID) as \(runID): \(alreadyPlayed) conversations already played") }
    }

    func merged(shards: Int, suite: String, conversations: Int, as runID: String) {
        if !quiet { print("merged \(shards) shards of run \(suite) (\(conversations) conversations) as run \(runID)") }
    }

    func progress(_ progress: RunProgress) { progressPrinter.update(progress) }
    func playFinished() { progressPrinter.finish() }
}
