import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

/// What the pipeline needs from outside and cannot decide itself: which agents exist, where the
/// history is, how reports are written, who hears about the run as it goes. The command line
/// gives its own; tests give recording agents, failing stages and silent observers.
public struct RunEnvironment: Sendable {
    /// Builds the agent a plan names (the CLI's factory knows the adapters and the reference agent).
    public var makeAgent: @Sendable (AgentSpec, TauSuiteData?) throws -> any SupportAgent
    /// Reads a recorded agent description back (resuming a run given `--agent` on its command line).
    public var parseAgent: @Sendable (String) -> AgentSpec?
    /// Opens the suite's history; only called when the run keeps one.
    public var openHistory: @Sendable () throws -> any RunHistory
    public var reports: any ReportStage
    public var observer: any RunObserver

    public init(makeAgent: @escaping @Sendable (AgentSpec, TauSuiteData?) throws -> any SupportAgent,
                parseAgent: @escaping @Sendable (String) -> AgentSpec? = { _ in nil },
                openHistory: @escaping @Sendable () throws -> any RunHistory,
                reports: any ReportStage = StandardReportStage(),
                observer: any RunObserver = SilentRunObserver()) {
        self.makeAgent = makeAgent
        self.parseAgent = parseAgent
        self.openHistory = openHistory
        self.reports = reports
        self.observer = observer
    }
}

/// `supportsim run` as a library: plan → history begun → journal → play (agent always stopped)
/// → drift → gates (once) → reports → history completed. Throws `RunFailure` for invalid input
/// and harness failures (and passes on what `openHistory` throws); a failed gate is not an
/// error but `RunOutcome.passed`.
public struct RunPipeline: Sendable {
    public let suite: Suite
    public let request: RunRequest
    public let environment: RunEnvironment

    public init(suite: Suite, request: RunRequest, environment: RunEnvironment) {
        self.suite = suite
        self.request = request
        self.environment = environment
    }

    public func run() async throws -> RunOutcome {
        let observer = environment.observer
        let warnings = WarningLog(observer: observer)
        let tau = try SuiteScoring.tauData(suite)
        let resumable = try request.resume.map { resume throws(RunFailure) in
            switch resume {
            case .newest: try ResumableRun.find(nil, out: request.out)
            case .run(let id): try ResumableRun.find(id, out: request.out)
            }
        }
        let started = Date()
        let plan = try RunPlan(suite: suite, request: request, resumable: resumable, startedAt: started,
                               parseAgent: environment.parseAgent)
        let header = plan.header
        // A scenario's conversations are scored the same way when played and when read back.
        let scorer = SuiteScoring.scorer(suite: suite, tau: tau)
        // The history is opened before anything runs, so that an unusable database stops the run
        // at once; the run is then stored as it goes. A shard's part is stored by `merge`.
        let history = request.keepsHistory && plan.shard == nil ? HistoryStage(store: try environment.openHistory(), suite: suite) : nil
        let info = RunInfo(id: header.runID, suite: suite.config.name, agent: plan.agent.description, startedAt: header.startedAt,
                           finishedAt: started, repeatCount: plan.repeatCount, filters: plan.filters, gitCommit: header.gitCommit)
        try history?.begin(info)
        // A run whose journal cannot be written stops here; the history keeps it as incomplete.
        let journal = try resumable.map { try JournalStage.resume($0, as: header, out: request.out, suite: suite) }
            ?? JournalStage.begin(header, out: request.out)
        // The run's memory stays flat: passing conversations are kept as summaries, their report
        // pieces spooled in the run's folder (which the journal stage has made).
        let spool = SpoolStage(folder: request.out.appendingPathComponent(header.runID), warnings: warnings)
        var prior = ParallelScoring.score(journal.prior, with: scorer)
        for r in prior { history?.record(r) }
        prior = prior.map(spool.retain)
        if let resumable { observer.resuming(resumable.contents.header.runID, as: header.runID, alreadyPlayed: prior.count) }

        let agent: any SupportAgent
        do {
            agent = try environment.makeAgent(plan.agent, tau)
        } catch {
            throw RunFailure.harnessFailure("the agent could not start: \(error)")
        }
        let played = try await PlayStage(suite: suite, plan: plan, tau: tau, scorer: scorer, request: request, observer: observer,
                                         spool: spool)
            .play(agent, prior: prior, journal: journal, history: history)

        FreedMemory.returnToSystem()
        var finishedInfo = info
        finishedInfo.finishedAt = Date()
        if let maxCost = suite.config.agentLimits.maxCost, prior.count + played.count < plan.pairs.count {
            let spent = (prior + played).map { $0.modelCost(suite.config.costs) }.reduce(0, +)
            let stop = BudgetStop(maxCost: maxCost, spent: spent, planned: plan.pairs.count, played: prior.count + played.count)
            finishedInfo.budgetStop = stop
            warnings.add("the run \(stop.summary)")
        }
        let record = RunRecord(info: finishedInfo, config: suite.config, results: RunPlan.ordered(plan.pairs, prior.isEmpty ? played : prior + played),
                               invalid: suite.invalidScenarios, evaluatingGates: false)
        return try RunFinisher(suite: suite, history: history, reports: environment.reports, out: request.out, warnings: warnings)
            .finish(record, agentLog: (agent as? ExecAgent)?.log ?? "", shard: plan.shard)
    }
}
