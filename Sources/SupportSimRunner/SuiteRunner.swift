import Foundation
import SupportSimCore
import SupportSimScoring

/// What to run and how.
public struct RunOptions: Sendable {
    /// Scenario id globs or tags; empty runs everything.
    public var filters: [String] = []
    public var repeatCount: Int?
    /// Conversations in flight at once; nil for the config's value (auto: one per core).
    public var jobs: Int?
    /// Only the pairs of this shard (`--shard I/N`); nil: all of them.
    public var shard: ShardSpec?
    /// Pairs already played (a resumed run's): not played again.
    public var skip: Set<TrialKey> = []
    /// What the skipped pairs' model calls cost: counted against the config's `max_cost`.
    public var spentBefore: Decimal = 0
    /// Whether each result keeps the world its conversation ended in. Scoring reads it and the
    /// `finished` callback (the journal) sees it either way; after that nothing does, and for a
    /// conversation that wrote, it holds its own copy of the tables written, so a large run
    /// that keeps them all grows by that much per conversation. Tests that inspect it keep it.
    public var keepsFinalWorlds = true
    /// What the run keeps of each result, called from the conversation's own task after
    /// `finished`: the pipeline spools a passing conversation's report pieces and keeps a
    /// short summary (`ScenarioResult.spooling`). Nil: results are kept whole.
    public var retain: (@Sendable (ScenarioResult) -> ScenarioResult)? = nil
    public init(filters: [String] = [], repeatCount: Int? = nil, jobs: Int? = nil, shard: ShardSpec? = nil,
                skip: Set<TrialKey> = []) {
        self.filters = filters
        self.repeatCount = repeatCount
        self.jobs = jobs
        self.shard = shard
        self.skip = skip
    }
}

public struct RunProgress: Sendable {
    public var done: Int
    public var total: Int
    public var failed: Int
    public var errors: Int
    public var latest: ScenarioResult?
}

/// Runs a suite's scenarios through an agent, `jobs` conversations at once. Results come back in
/// scenario order and trial order whatever order they finish in, so `jobs` never changes them.
public struct SuiteRunner: Sendable {
    public let suite: Suite
    public let agent: any SupportAgent
    public let scorer: any ConversationScorer
    public let player: any ConversationPlaying
    /// Grades judge checks after each conversation; nil: they are reported as not scored.
    public let judge: (any ConversationJudge)?

    public init(suite: Suite, agent: any SupportAgent, scorer: (any ConversationScorer)? = nil,
                player: (any ConversationPlaying)? = nil, judge: (any ConversationJudge)? = nil,
                customer: (any CustomerSimulator)? = nil) {
        self.suite = suite
        self.judge = judge
        self.agent = agent
        self.scorer = scorer ?? StandardScorer(suite: suite)
        self.player = player ?? ConversationPlayer(suite: suite, agent: agent, customer: customer)
    }

    /// The scenarios a filter selects: an id glob (`billing/*`) or a tag.
    public static func select(_ scenarios: [Scenario], filters: [String]) -> [Scenario] {
        guard !filters.isEmpty else { return scenarios }
        return scenarios.filter { s in
            filters.contains { f in Glob.matches(f, s.id) || s.tags.contains(f) }
        }
    }

    /// The (scenario, trial) pairs a run of these options plays, in result order: the filters'
    /// scenarios in suite order, each with its trials, then only the shard's, if one is given.
    /// Already played pairs (`skip`) are still in the plan.
    public func plan(_ options: RunOptions) -> [(scenario: Scenario, trial: Int)] { Self.plan(suite, options) }

    public static func plan(_ suite: Suite, _ options: RunOptions) -> [(scenario: Scenario, trial: Int)] {
        let scenarios = Self.select(suite.scenarios, filters: options.filters)
        let trials = max(1, options.repeatCount ?? suite.config.repeatCount)
        let items = scenarios.flatMap { s in (1...trials).map { (scenario: s, trial: $0) } }
        guard let shard = options.shard else { return items }
        return items.filter { shard.contains(TrialKey(scenario: $0.scenario.id, trial: $0.trial)) }
    }

    /// The world a scenario's conversations start from: the suite's with the scenario's records.
    public func startingWorld(of scenario: Scenario) -> World { suite.world.overlaid(with: scenario.world) }

    /// Plays and scores the plan's pairs not in `options.skip`, returned in plan order.
    /// `finished` is called from the conversation's own task as soon as it is scored, with the
    /// whole result and the world it started from (for a journal line and the history), so its
    /// cost is spread over the cores; `progress` sees the result as `options.retain` keeps it.
    public func run(_ options: RunOptions = RunOptions(),
                    progress: (@Sendable (RunProgress) -> Void)? = nil,
                    finished: (@Sendable (ScenarioResult, World) -> Void)? = nil) async -> [ScenarioResult] {
        let items = plan(options).filter { !options.skip.contains(TrialKey(scenario: $0.scenario.id, trial: $0.trial)) }
        var jobs = max(1, options.jobs ?? suite.config.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        if let cap = suite.config.agentLimits.maxConcurrency { jobs = min(jobs, cap) }
        // Once the conversations' model calls reach the budget no further one starts; those in
        // flight finish (their calls are paid for already).
        let budget = suite.config.agentLimits.maxCost
        let costs = suite.config.costs
        var spent = options.spentBefore
        // Each scenario's world is built once and shared by its trials (copy-on-write).
        var worlds: [String: World] = [:]
        for (scenario, _) in items where worlds[scenario.id] == nil { worlds[scenario.id] = startingWorld(of: scenario) }
        let player = self.player
        let scorer = self.scorer
        let judge = self.judge
        let keepsFinalWorlds = options.keepsFinalWorlds
        let retain = options.retain
        var results = [ScenarioResult?](repeating: nil, count: items.count)
        var done = 0, failed = 0, errors = 0

        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            func launch() {
                let index = next
                let (scenario, trial) = items[index]
                let world = worlds[scenario.id]!
                group.addTask {
                    let began = ContinuousClock.now
                    var record = await player.play(scenario, trial: trial, world: world)
                    if let judge, record.error == nil, !scenario.judgeChecks.isEmpty {
                        record.judgements = await judge.judge(record)
                    }
                    let took = ContinuousClock.now - began
                    record.wallMs = Int(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
                    var result = scorer.score(record)
                    finished?(result, world)
                    if !keepsFinalWorlds { result.record.finalWorld = World() }
                    if let retain { result = retain(result) }
                    return (index, result)
                }
                next += 1
            }
            while next < min(jobs, items.count), budget.map({ spent < $0 }) ?? true { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                if result.status == .fail { failed += 1 }
                if result.status == .error { errors += 1 }
                progress?(RunProgress(done: done, total: items.count, failed: failed, errors: errors, latest: result))
                spent += result.modelCost(costs)
                if let budget, spent >= budget { continue }
                if next < items.count { launch() }
            }
        }
        return results.compactMap { $0 }
    }
}
