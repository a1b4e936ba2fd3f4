import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// What a run plays: the agent, filters, trials and shard from the request and the config, or,
/// for a resumed run, from the stopped run's journal (a value given in the request must then
/// agree with it). The first stage: everything it refuses is invalid input, before anything runs.
public struct RunPlan: Sendable {
    public var agent: AgentSpec
    public var filters: [String]
    public var repeatCount: Int
    public var shard: ShardSpec?
    /// The (scenario, trial) pairs this run plays, resumed ones included; a shard may have none.
    public let pairs: [(scenario: Scenario, trial: Int)]
    public let header: JournalHeader
    public let resumable: ResumableRun?

    /// - Parameter parseAgent: reads a recorded agent back (`AgentSpec` from its description),
    ///   so a resumed run keeps an agent its first run was given on the command line.
    public init(suite: Suite, request: RunRequest, resumable: ResumableRun?, startedAt started: Date,
                parseAgent: (String) -> AgentSpec?) throws(RunFailure) {
        agent = request.agent ?? suite.config.agent
        filters = request.filters
        repeatCount = request.repeatCount ?? suite.config.repeatCount
        shard = request.shard
        self.resumable = resumable
        if let previous = resumable?.contents.header {
            func refuse(_ what: String) -> RunFailure {
                .invalidInput("run \(previous.runID) cannot be resumed with \(what); leave it out to continue the run as it was started")
            }
            // The stopped run's agent, when it was given on its command line rather than by the config.
            if request.agent == nil, let recorded = parseAgent(previous.agent), recorded.description == previous.agent {
                agent = recorded
            }
            if request.agent != nil, agent.description != previous.agent { throw refuse("--agent \(agent.description) (it ran \(previous.agent))") }
            if !request.filters.isEmpty, request.filters != previous.filters { throw refuse("--filter \(request.filters.joined(separator: ", "))") }
            if request.repeatCount != nil, repeatCount != previous.repeatCount { throw refuse("--repeat \(repeatCount) (it ran \(previous.repeatCount))") }
            if let given = request.shard, shard != previous.shard { throw refuse("--shard \(given)") }
            filters = previous.filters
            repeatCount = previous.repeatCount
            shard = previous.shard
        }
        pairs = SuiteRunner.plan(suite, RunOptions(filters: filters, repeatCount: repeatCount, shard: shard))
        if pairs.isEmpty && suite.invalidScenarios.isEmpty && shard == nil {
            throw .invalidInput("no scenario matches \(filters.isEmpty ? "(the suite has none)" : filters.joined(separator: ", "))")
        }
        header = JournalHeader(runID: RunInfo.newID(at: started), suite: suite.config.name,
                               suiteDigest: SuiteDigest.of(root: suite.root, config: suite.config),
                               agent: agent.description, gitCommit: RunProvenance.gitCommit(in: suite.root),
                               repeatCount: repeatCount, filters: filters, shard: shard,
                               startedAt: resumable?.contents.header.startedAt ?? started)
        if let previous = resumable?.contents.header, let mismatch = previous.mismatch(with: header) {
            throw .invalidInput("run \(previous.runID) cannot be resumed here: \(mismatch); a resumed run plays what the stopped run was playing")
        }
    }

    /// Results in the plan's order (suite order, then trial), whichever run played them.
    /// A result the plan does not hold is left out; of two for one pair, the later is kept.
    /// Results already in order (a run that resumed nothing) are returned as they are: a large
    /// run's results are the largest thing it holds, and are not copied for nothing.
    public static func ordered(_ plan: [(scenario: Scenario, trial: Int)], _ results: consuming [ScenarioResult]) -> [ScenarioResult] {
        var position: [TrialKey: Int] = [:]
        position.reserveCapacity(plan.count)
        for (i, pair) in plan.enumerated() { position[TrialKey(scenario: pair.scenario.id, trial: pair.trial)] = i }
        let positions = results.map { position[TrialKey(scenario: $0.id, trial: $0.trial)] }
        var inOrder = true, previous = -1
        for p in positions {
            guard let p, p > previous else { inOrder = false; break }
            previous = p
        }
        if inOrder { return results }
        var latest: [Int: Int] = [:]
        for (i, p) in positions.enumerated() { if let p { latest[p] = i } }
        let results = results
        return latest.keys.sorted().map { results[latest[$0]!] }
    }
}
