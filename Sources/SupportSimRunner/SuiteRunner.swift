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
    public init(filters: [String] = [], repeatCount: Int? = nil, jobs: Int? = nil) {
        self.filters = filters
        self.repeatCount = repeatCount
        self.jobs = jobs
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

    public func run(_ options: RunOptions = RunOptions(),
                    progress: (@Sendable (RunProgress) -> Void)? = nil) async -> [ScenarioResult] {
        let scenarios = Self.select(suite.scenarios, filters: options.filters)
        let trials = max(1, options.repeatCount ?? suite.config.repeatCount)
        let items = scenarios.flatMap { s in (1...trials).map { (s, $0) } }
        let jobs = max(1, options.jobs ?? suite.config.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        // Each scenario's world is built once and shared by its trials (copy-on-write).
        let worlds = Dictionary(scenarios.map { ($0.id, suite.world.overlaid(with: $0.world)) }, uniquingKeysWith: { a, _ in a })
        let player = self.player
        let scorer = self.scorer
        let judge = self.judge
        var results = [ScenarioResult?](repeating: nil, count: items.count)
        var done = 0, failed = 0, errors = 0

        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            func launch() {
                let index = next
                let (scenario, trial) = items[index]
                let world = worlds[scenario.id]
                group.addTask {
                    var record = await player.play(scenario, trial: trial, world: world)
                    if let judge, record.error == nil, !scenario.judgeChecks.isEmpty {
                        record.judgements = await judge.judge(record)
                    }
                    return (index, scorer.score(record))
                }
                next += 1
            }
            while next < min(jobs, items.count) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                if result.status == .fail { failed += 1 }
                if result.status == .error { errors += 1 }
                progress?(RunProgress(done: done, total: items.count, failed: failed, errors: errors, latest: result))
                if next < items.count { launch() }
            }
        }
        return results.compactMap { $0 }
    }
}
