import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

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
        let tau = try RunCompletion.tauData(loaded)
        let scorer = RunCompletion.scorer(suite: loaded, tau: tau)
        let records: [ConversationRecord]
        do {
            records = try ShardJournal.records(journals, in: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        // Scoring is the costly part of a merge and each conversation's is independent.
        let results = ParallelScoring.score(records, with: scorer)
        let plan = SuiteRunner.plan(loaded, RunOptions(filters: header.filters, repeatCount: header.repeatCount))
        let started = journals.map(\.contents.header.startedAt).min() ?? Date()
        let info = RunInfo(id: RunInfo.newID(), suite: header.suite, agent: header.agent, startedAt: started, finishedAt: Date(),
                           repeatCount: header.repeatCount, filters: header.filters, gitCommit: header.gitCommit)
        let history = noHistory ? nil : try RunHistoryRecorder(suite: loaded)
        try history?.begin(info)
        var record = RunRecord(info: info, config: loaded.config, results: RunPlanOptions.ordered(plan, results),
                               invalid: loaded.invalidScenarios)
        for r in record.results { history?.record(r) }
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        if !quiet { print("merged \(journals.count) shards of run \(header.suite) (\(record.results.count) conversations) as run \(info.id)") }
        try RunCompletion(suite: loaded, history: history, out: outFolder, quiet: quiet).finish(&record)
    }
}
