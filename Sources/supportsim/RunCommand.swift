import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimHistory
import SupportSimJournal
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

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
        let tau = try RunCompletion.tauData(loaded)
        let cassette: ModelCassette?
        do {
            cassette = try models.cassette(suite: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        let resumable = try resume.map { try ResumableRun.find($0 == Self.newestRun ? nil : $0, out: outFolder) }
        let plan = try RunPlanOptions(command: self, suite: loaded, resuming: resumable?.contents.header)
        let spec = plan.agent
        // The pairs this run plays, resumed ones included; a shard may have none.
        let pairs = SuiteRunner.plan(loaded, RunOptions(filters: plan.filters, repeatCount: plan.repeatCount, shard: plan.shard))
        if pairs.isEmpty && loaded.invalidScenarios.isEmpty && plan.shard == nil {
            Console.error("error: no scenario matches \(plan.filters.isEmpty ? "(the suite has none)" : plan.filters.joined(separator: ", "))")
            throw ExitStatus.invalidInput.exitCode
        }
        let started = Date()
        let runID = RunInfo.newID(at: started)
        let gitCommit = RunProvenance.gitCommit(in: loaded.root)
        let header = JournalHeader(runID: runID, suite: loaded.config.name, suiteDigest: SuiteDigest.of(root: loaded.root, config: loaded.config),
                                   agent: spec.description, gitCommit: gitCommit, repeatCount: plan.repeatCount,
                                   filters: plan.filters, shard: plan.shard, startedAt: resumable?.contents.header.startedAt ?? started)
        if let previous = resumable?.contents.header, let mismatch = previous.mismatch(with: header) {
            Console.error("error: run \(previous.runID) cannot be resumed here: \(mismatch); a resumed run plays what the stopped run was playing")
            throw ExitStatus.invalidInput.exitCode
        }
        // A scenario's conversations are scored the same way when played and when read back.
        let scorer = RunCompletion.scorer(suite: loaded, tau: tau)
        // The history is opened before anything runs, so that an unusable database stops the run
        // at once (exit 3); the run is then stored as it goes. A shard's part is stored by `merge`.
        let history = noHistory || plan.shard != nil ? nil : try RunHistoryRecorder(suite: loaded)
        let info = RunInfo(id: runID, suite: loaded.config.name, agent: spec.description, startedAt: header.startedAt,
                           finishedAt: started, repeatCount: plan.repeatCount, filters: plan.filters, gitCommit: gitCommit)
        try history?.begin(info)
        // A run whose journal cannot be written stops here; the history keeps it as incomplete.
        let journal = try resumable.map { try RunJournalStage.resume($0, as: header, out: outFolder, suite: loaded) }
            ?? RunJournalStage.begin(header, out: outFolder)
        let prior = ParallelScoring.score(journal.prior, with: scorer)
        for r in prior { history?.record(r) }
        if let resumable, !quiet {
            print("resuming run \(resumable.contents.header.runID) as \(runID): \(prior.count) conversations already played")
        }

        let agentUnderTest: any SupportAgent
        do {
            agentUnderTest = try AgentFactory.make(spec, suite: loaded, tau: tau, execMaxLineBytes: maxLineBytes,
                                                   cassette: cassette)
            try await agentUnderTest.start()
        } catch {
            Console.error("error: the agent could not start: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        // A model endpoint's rate limit: turns are paced, and the wait is not charged to the clock.
        let pacedAgent = loaded.config.agentLimits.maxRPS.map { RateLimitedAgent(agentUnderTest, perSecond: $0) as any SupportAgent }
            ?? agentUnderTest
        let progress = ProgressPrinter(quiet: quiet, verbose: verbose)
        // Scenarios with a goal (and tau tasks without a recording) have a model play the customer.
        let modelTimeout = max(loaded.config.turnTimeoutMs, 60_000)
        // The customer's message is part of its turn: it has the turn's time.
        let customer = ModelCustomer(timeoutMs: loaded.config.turnTimeoutMs, cassette: cassette)
        let player = tau.map { TauEpisodePlayer(suite: loaded, data: $0, agent: pacedAgent, customer: customer) }
        // Judge checks are graded by the configured judge model; without one they are not scored.
        let judge = loaded.config.judge.map { ModelJudge(spec: $0, timeoutMs: modelTimeout, cassette: cassette) }
        let runner = SuiteRunner(suite: loaded, agent: pacedAgent, scorer: scorer, player: player, judge: judge,
                                 customer: customer)
        var options = RunOptions(filters: plan.filters, repeatCount: plan.repeatCount, jobs: jobs, shard: plan.shard,
                                 skip: Set(prior.map { TrialKey(scenario: $0.id, trial: $0.trial) }))
        options.spentBefore = prior.map { $0.modelCost(loaded.config.costs) }.reduce(0, +)
        let played = await runner.run(options, progress: { p in
            progress.update(p)
            if let r = p.latest { history?.record(r) }
        }, finished: { result, world in journal.record(result, startingWorld: world) })
        await agentUnderTest.stop()
        progress.finish()
        try journal.finish()
        // An agent, customer model or judge that no call ever reached could not take part at
        // all: the harness could not run (exit 3), which is not the agent failing its scenarios.
        let reachable: [(String, (any ReachabilityReporting)?)] = [
            ("the agent", agentUnderTest as? any ReachabilityReporting), ("the customer model", customer), ("the judge", judge),
        ]
        for (name, endpoint) in reachable {
            if let unreachable = endpoint?.reachability.neverReached {
                Console.error("error: \(name) could not be reached: \(unreachable)")
                throw ExitStatus.harnessFailure.exitCode
            }
        }
        do {
            try cassette?.save()
        } catch {
            Console.error("error: the cassette could not be written: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }

        var finishedInfo = info
        finishedInfo.finishedAt = Date()
        if let maxCost = loaded.config.agentLimits.maxCost, prior.count + played.count < pairs.count {
            let spent = (prior + played).map { $0.modelCost(loaded.config.costs) }.reduce(0, +)
            finishedInfo.budgetStop = BudgetStop(maxCost: maxCost, spent: spent, planned: pairs.count, played: prior.count + played.count)
            Console.error("warning: the run \(finishedInfo.budgetStop!.summary)")
        }
        var record = RunRecord(info: finishedInfo, config: loaded.config, results: RunPlanOptions.ordered(pairs, prior + played),
                               invalid: loaded.invalidScenarios)
        try RunCompletion(suite: loaded, history: history, out: outFolder, quiet: quiet)
            .finish(&record, agentLog: (agentUnderTest as? ExecAgent)?.log ?? "", shard: plan.shard)
    }
}
