import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimPipeline
import SupportSimRunner

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a suite's scenarios through an agent, score them, and write reports.",
        discussion: "Writes <out>/<run-id>/ and <out>/latest/ (results.json and the reports), then evaluates the gates.")

    @OptionGroup var suite: SuiteArgument

    @Option(help: "The agent under test: reference, exec:\"COMMAND ARGS\" or http:URL (default: the config's).")
    var agent: String?

    @Option(name: .customLong("filter"), help: "Only scenarios whose id matches this glob or that carry this tag (repeatable).")
    var filters: [String] = []

    @Option(help: "Conversations in flight at once (default: the config's, else one per core).")
    var jobs: Int?

    @Option(name: .customLong("repeat"), help: "Trials per scenario (pass^k, flakiness).")
    var repeatCount: Int?

    @Option(help: "The folder that receives <run-id>/ and latest/ (default: the config's reports folder).")
    var out: String?

    @Option(help: "The longest line an exec agent may write on stdout, in bytes; a longer one ends its conversation and restarts the agent.")
    var maxLineBytes: Int = 8 << 20

    @Flag(help: "Run the valid scenarios and list invalid ones in the report instead of refusing to start.")
    var skipInvalid = false

    @Flag(name: .shortAndLong, help: "Print only the gates and the verdict.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every scenario's result.")
    var verbose = false

    @Flag(help: "Do not store the run in the history database (the config's history:).")
    var noHistory = false

    @OptionGroup var models: ModelCallOptions

    @Option(help: "Play only shard I of N (1-based): a fixed part of the (scenario, trial) pairs, written for `supportsim merge`; no gate is evaluated.")
    var shard: String?

    @Option(help: "Continue a run that was stopped (CI time-out, kill, lost machine) with the conversations it had not finished: RUN_ID, or nothing for the newest unfinished run in the reports folder.")
    var resume: String?

    /// `--resume` given without a run id (the argument list is completed before parsing).
    static let newestRun = "newest"

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
        if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024, found \(maxLineBytes)") }
        if let repeatCount, repeatCount < 1 { throw ValidationError("--repeat must be at least 1, found \(repeatCount)") }
        if let agent { _ = try AgentFactory.parse(agent) }
        if let shard, ShardSpec(parsing: shard) == nil {
            throw ValidationError("--shard expects I/N with 1 <= I <= N, such as 2/5; found \"\(shard)\"")
        }
        try models.validate()
    }

    func run() async throws {
        let loaded = try suite.load(skipInvalid: skipInvalid)
        let cassette: ModelCassette?
        do {
            cassette = try models.cassette(suite: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        let request = RunRequest(agent: try agent.map(AgentFactory.parse), filters: filters, repeatCount: repeatCount, jobs: jobs,
                                 shard: shard.flatMap(ShardSpec.init(parsing:)), out: outFolder,
                                 resume: resume.map { $0 == Self.newestRun ? .newest : .run($0) },
                                 keepsHistory: !noHistory, cassette: cassette)
        let maxLineBytes = self.maxLineBytes
        let environment = RunShell.environment(suite: loaded, observer: ConsoleRunObserver(quiet: quiet, verbose: verbose)) { spec, tau in
            try AgentFactory.make(spec, suite: loaded, tau: tau, execMaxLineBytes: maxLineBytes, cassette: cassette)
        }
        let outcome = try await RunShell.exiting { try await RunPipeline(suite: loaded, request: request, environment: environment).run() }
        try RunShell.conclude(outcome, quiet: quiet)
    }
}
