import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimHistory
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

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
        if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024, found \(maxLineBytes)") }
        if let repeatCount, repeatCount < 1 { throw ValidationError("--repeat must be at least 1, found \(repeatCount)") }
        if let agent { _ = try AgentFactory.parse(agent) }
        try models.validate()
    }

    func run() async throws {
        let loaded = try suite.load(skipInvalid: skipInvalid)
        let spec = try agent.map(AgentFactory.parse) ?? loaded.config.agent
        // The history is opened before anything runs, so that an unusable database stops the run
        // at once (exit 3); the run is then stored as it goes.
        let tau: TauSuiteData?
        do {
            tau = loaded.config.domain == .support ? nil : try TauSuiteData(suite: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let cassette: ModelCassette?
        do {
            cassette = try models.cassette(suite: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let history = noHistory ? nil : try RunHistoryRecorder(suite: loaded)
        let agentUnderTest: any SupportAgent
        do {
            agentUnderTest = try AgentFactory.make(spec, suite: loaded, tau: tau, execMaxLineBytes: maxLineBytes,
                                                   cassette: cassette)
            try await agentUnderTest.start()
        } catch {
            Console.error("error: the agent could not start: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        let selected = SuiteRunner.select(loaded.scenarios, filters: filters)
        if selected.isEmpty && loaded.invalidScenarios.isEmpty {
            Console.error("error: no scenario matches \(filters.isEmpty ? "(the suite has none)" : filters.joined(separator: ", "))")
            throw ExitStatus.invalidInput.exitCode
        }
        let started = Date()
        let runID = RunInfo.newID(at: started)
        let gitCommit = RunProvenance.gitCommit(in: loaded.root)
        try history?.begin(RunInfo(id: runID, suite: loaded.config.name, agent: spec.description, startedAt: started,
                                   finishedAt: started, repeatCount: repeatCount ?? loaded.config.repeatCount, filters: filters,
                                   gitCommit: gitCommit))
        let progress = ProgressPrinter(quiet: quiet, verbose: verbose)
        // A tau suite's episodes follow tau-bench's rules and pass on its reward.
        let scorer: any ConversationScorer = tau.map { TauScorer(suite: loaded, policy: $0.policy) } ?? StandardScorer(suite: loaded)
        // Scenarios with a goal (and tau tasks without a recording) have a model play the customer.
        let modelTimeout = max(loaded.config.turnTimeoutMs, 60_000)
        // The customer's message is part of its turn: it has the turn's time.
        let customer = ModelCustomer(timeoutMs: loaded.config.turnTimeoutMs, cassette: cassette)
        let player = tau.map { TauEpisodePlayer(suite: loaded, data: $0, agent: agentUnderTest, customer: customer) }
        // Judge checks are graded by the configured judge model; without one they are not scored.
        let judge = loaded.config.judge.map { ModelJudge(spec: $0, timeoutMs: modelTimeout, cassette: cassette) }
        let results = await SuiteRunner(suite: loaded, agent: agentUnderTest, scorer: scorer, player: player, judge: judge,
                                        customer: customer)
            .run(RunOptions(filters: filters, repeatCount: repeatCount, jobs: jobs)) { p in
                progress.update(p)
                if let r = p.latest { history?.record(r) }
            }
        await agentUnderTest.stop()
        progress.finish()
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

        let info = RunInfo(id: runID, suite: loaded.config.name, agent: spec.description,
                           startedAt: started, finishedAt: Date(), repeatCount: repeatCount ?? loaded.config.repeatCount,
                           filters: filters, gitCommit: gitCommit)
        var record = RunRecord(info: info, config: loaded.config, results: results, invalid: loaded.invalidScenarios)
        let drift = RunDriftStage.apply(&record, suite: loaded, history: history?.store)
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        let written: URL
        do {
            var writers = ReportSet.standardWriters.filter { $0.fileName != "report.html" }
            writers.append(HTMLReportWriter(trend: history?.trend(suite: loaded.config.name) ?? [],
                                            drift: drift.map(RunDriftStage.section)))
            written = try ReportSet(writers: writers).write(record, to: outFolder)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        // An exec agent's stderr is the run's agent log, kept beside the reports.
        if let exec = agentUnderTest as? ExecAgent, !exec.log.isEmpty {
            for folder in [written, outFolder.appendingPathComponent("latest")] {
                try? Data(exec.log.utf8).write(to: folder.appendingPathComponent("agent-stderr.log"))
            }
        }
        try history?.complete(record)
        Summary.print(record, reportFolder: written, quiet: quiet)
        if !record.passed { throw ExitStatus.gateFailed.exitCode }
    }
}
