import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// What `supportsim run` plays: the agent, filters, trials and shard from the command line and
/// the config, or, for a resumed run, from the stopped run's journal (a value given on the
/// command line must then agree with it).
struct RunPlanOptions {
    var agent: AgentSpec
    var filters: [String]
    var repeatCount: Int
    var shard: ShardSpec?

    init(command: RunCommand, suite: Suite, resuming previous: JournalHeader?) throws {
        let given = try command.agent.map(AgentFactory.parse)
        agent = given ?? suite.config.agent
        filters = command.filters
        repeatCount = command.repeatCount ?? suite.config.repeatCount
        shard = command.shard.flatMap(ShardSpec.init(parsing:))
        guard let previous else { return }
        func refuse(_ what: String) -> any Error {
            Console.error("error: run \(previous.runID) cannot be resumed with \(what); leave it out to continue the run as it was started")
            return ExitStatus.invalidInput.exitCode
        }
        // The stopped run's agent, when it was given on its command line rather than by the config.
        if given == nil, let recorded = try? AgentFactory.parse(previous.agent), recorded.description == previous.agent {
            agent = recorded
        }
        if given != nil, agent.description != previous.agent { throw refuse("--agent \(agent.description) (it ran \(previous.agent))") }
        if !command.filters.isEmpty, command.filters != previous.filters { throw refuse("--filter \(command.filters.joined(separator: ", "))") }
        if command.repeatCount != nil, repeatCount != previous.repeatCount { throw refuse("--repeat \(repeatCount) (it ran \(previous.repeatCount))") }
        if command.shard != nil, shard != previous.shard { throw refuse("--shard \(command.shard ?? "")") }
        filters = previous.filters
        repeatCount = previous.repeatCount
        shard = previous.shard
    }

    /// Results in the plan's order (suite order, then trial), whichever run played them.
    static func ordered(_ plan: [(scenario: Scenario, trial: Int)], _ results: [ScenarioResult]) -> [ScenarioResult] {
        var byKey: [TrialKey: ScenarioResult] = [:]
        for r in results { byKey[TrialKey(scenario: r.id, trial: r.trial)] = r }
        return plan.compactMap { byKey[TrialKey(scenario: $0.scenario.id, trial: $0.trial)] }
    }
}
