import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimJournal
import SupportSimPipeline
import SupportSimRunner

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of one run (run --shard I/N) into the run itself: results, metrics, gates, drift and reports.",
        discussion: """
            Each DIR is a shard's run folder (<out>/<run-id>/) or the reports folder it wrote (its latest/ is used). \
            The shards must be of one run: the same suite files, agent, commit, trials and filters, every shard \
            from 1 to N exactly once, each finished. The merged run is what the same run unsharded gives, apart \
            from its id and wall times; its gates decide the exit code.
            """)

    @Argument(help: "The shards' folders.")
    var shards: [String]

    @Option(help: "The suite folder the shards ran (default: the current folder).")
    var suite: String = "."

    @Flag(help: "Let the suite's config name paths outside the suite folder.")
    var allowOutsidePaths = false

    @Flag(help: "Load the suite as the shards did with --skip-invalid.")
    var skipInvalid = false

    @Option(help: "The folder that receives <run-id>/ and latest/ (default: the config's reports folder).")
    var out: String?

    @Flag(help: "Do not store the merged run in the history database.")
    var noHistory = false

    @Flag(name: .shortAndLong, help: "Print only the gates and the verdict.")
    var quiet = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("name the shards' folders, e.g. supportsim merge shard-1 shard-2 shard-3") }
    }

    func run() async throws {
        let loaded = try SuiteArgument(suite: suite, allowOutsidePaths: allowOutsidePaths).load(skipInvalid: skipInvalid)
        let journals = try ShardJournal.loadAll(shards)
        let header = try ShardJournal.checkOneRun(journals, suite: loaded)
        let records: [ConversationRecord]
        do {
            records = try ShardJournal.records(journals, in: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        // A merge plays nothing: no agent is ever made.
        let environment = RunShell.environment(suite: loaded, observer: ConsoleRunObserver(quiet: quiet)) { spec, _ in
            throw AgentFailure("merge plays no conversation (asked for \(spec))")
        }
        let merge = MergePipeline(suite: loaded, header: header, shards: journals.count,
                                  startedAt: journals.map(\.contents.header.startedAt).min() ?? Date(), out: outFolder,
                                  keepsHistory: !noHistory, environment: environment)
        let outcome = try await RunShell.exiting { try merge.run(records) }
        try RunShell.conclude(outcome, quiet: quiet)
    }
}
