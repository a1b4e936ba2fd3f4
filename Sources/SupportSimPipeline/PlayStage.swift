import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

/// The play stage: the agent started, the plan's conversations played and scored (each one
/// journaled and stored in the history as it finishes), the agent stopped (`AgentSession`), and
/// the checks that the harness really took part: every endpoint reached, the cassette saved.
struct PlayStage {
    let suite: Suite
    let plan: RunPlan
    let tau: TauSuiteData?
    let scorer: any ConversationScorer
    let request: RunRequest
    let observer: any RunObserver
    /// Where finished conversations' report pieces go (nil: results kept whole).
    let spool: SpoolStage?

    func play(_ agent: any SupportAgent, prior: [ScenarioResult], journal: JournalStage,
              history: HistoryStage?) async throws -> [ScenarioResult] {
        try await AgentSession.with(agent) {
            // A model endpoint's rate limit: turns are paced, and the wait is not charged to the clock.
            let paced = suite.config.agentLimits.maxRPS.map { RateLimitedAgent(agent, perSecond: $0) as any SupportAgent } ?? agent
            // Scenarios with a goal (and tau tasks without a recording) have a model play the customer.
            let modelTimeout = max(suite.config.turnTimeoutMs, 60_000)
            // The customer's message is part of its turn: it has the turn's time.
            let customer = ModelCustomer(timeoutMs: suite.config.turnTimeoutMs, cassette: request.cassette)
            let player = tau.map { TauEpisodePlayer(suite: suite, data: $0, agent: paced, customer: customer) }
            // Judge checks are graded by the configured judge model; without one they are not scored.
            let judge = suite.config.judge.map { ModelJudge(spec: $0, timeoutMs: modelTimeout, cassette: request.cassette) }
            let runner = SuiteRunner(suite: suite, agent: paced, scorer: scorer, player: player, judge: judge, customer: customer)
            var options = RunOptions(filters: plan.filters, repeatCount: plan.repeatCount, jobs: request.jobs, shard: plan.shard,
                                     skip: Set(prior.map { TrialKey(scenario: $0.id, trial: $0.trial) }))
            options.spentBefore = prior.map { $0.modelCost(suite.config.costs) }.reduce(0, +)
            // Journaled and scored, a conversation's final world is needed no more.
            options.keepsFinalWorlds = false
            if let spool { options.retain = spool.retain }
            let observer = self.observer
            // The journal and the history take the whole result, in the conversation's own
            // task; what the run keeps of it after that is `retain`'s.
            let played = await runner.run(options, progress: { p in observer.progress(p) }, finished: { result, world in
                journal.record(result, startingWorld: world)
                history?.record(result)
            })
            observer.playFinished()
            try journal.finish()
            // An agent, customer model or judge that no call ever reached could not take part at
            // all: the harness could not run, which is not the agent failing its scenarios.
            let reachable: [(String, (any ReachabilityReporting)?)] = [
                ("the agent", agent as? any ReachabilityReporting), ("the customer model", customer), ("the judge", judge),
            ]
            for (name, endpoint) in reachable {
                if let unreachable = endpoint?.reachability.neverReached {
                    throw RunFailure.harnessFailure("\(name) could not be reached: \(unreachable)")
                }
            }
            do {
                try request.cassette?.save()
            } catch {
                throw RunFailure.harnessFailure("the cassette could not be written: \(error)")
            }
            return played
        }
    }
}
