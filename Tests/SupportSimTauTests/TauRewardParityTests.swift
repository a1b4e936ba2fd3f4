import Foundation
import SupportSimCore
import SupportSimTau
import SupportSimTauPlay
import SupportSimTesting
import Testing

/// SupportSim's port scores tau-bench's recorded episodes exactly as tau-bench did: the same
/// reward for every episode, every tool output byte for byte, and pass^k to the last digit.
@Suite("tau-bench reward parity", .enabled(if: TauBenchData.shouldRun, "needs tau-bench's data at ../shared/tau-bench"))
struct TauRewardParityTests {
    static let recordings = [("airline", "gpt-4o-trials-0-1.json"), ("retail", "generated-tasks-0-56.json")]

    static func data(_ name: String) throws -> TauSuiteData {
        try TauSuiteData(domain: name == "airline" ? .airline : .retail, directory: TauBenchData.domain(name))
    }

    @Test("replaying a recording gives every episode its recorded reward and every tool its recorded output",
          arguments: recordings)
    func replayMatchesTheRecording(domain: String, file: String) throws {
        let data = try Self.data(domain)
        let episodes = try TauEpisode.load(TauBenchData.domain(domain).appendingPathComponent("trajectories/\(file)"))
        #expect(!episodes.isEmpty)
        var rewardsEqual = 0, outputsMatched = 0, outputsTotal = 0
        for (i, e) in episodes.enumerated() {
            let task = try #require(data.task(e.taskID), "episode \(i) names task \(e.taskID)")
            let r = TauReplay.replay(e, task: task, gold: data.gold.state(task: task, id: e.taskID), initial: data.initial,
                                     domain: data.domain)
            let rewardEqual = r.rewardMatchesRecording, reward = r.reward.reward
            if rewardEqual { rewardsEqual += 1 }
            outputsMatched += r.outputsMatched
            outputsTotal += r.outputsTotal
            #expect(rewardEqual, "episode \(i) (task \(e.taskID), trial \(e.trial), \(e.variant ?? "recorded")): reward \(reward), recorded \(e.recordedReward)")
            if let m = r.mismatches.first {
                Issue.record("episode \(i) message \(m.message) \(m.tool): recorded \(m.recorded.prefix(300)) / replayed \(m.replayed.prefix(300))")
            }
        }
        #expect(rewardsEqual == episodes.count)
        #expect(outputsMatched == outputsTotal)
        #expect(outputsTotal == episodes.map { $0.messages.filter { $0.role == .tool }.count }.reduce(0, +))
    }

    @Test("each task's gold actions and one reply stating its outputs earn reward 1", arguments: ["airline", "retail"])
    func goldActionsEarnFullReward(domain: String) throws {
        let data = try Self.data(domain)
        for (id, task) in data.tasks.enumerated() {
            var env = TauEnvironment(domain: data.domain, data: data.initial)
            env.customerSaid("Hi, I need help.")
            for action in task.actions where !data.domain.terminateTools.contains(action.name) {
                _ = env.callTool(action.name, action.kwargs)
            }
            env.respond(task.outputs.isEmpty ? "Done." : "Here it is: " + task.outputs.joined(separator: "; "))
            env.customerSaid("Thanks. ###STOP###")
            let reward = TauReward.compute(task: task, environment: env, gold: data.gold.state(task: task, id: id))
            #expect(reward.isSuccess, "\(domain) task \(id): reward \(reward.reward), outputs \(reward.outputs)")
        }
        #expect(data.tasks.count == (domain == "airline" ? 50 : 115))
    }

    @Test("pass^1 and pass^2 of the replayed airline episodes are those of the recorded rewards")
    func passHatMatchesTheRecording() throws {
        let data = try Self.data("airline")
        let episodes = try TauEpisode.load(TauBenchData.domain("airline").appendingPathComponent("trajectories/gpt-4o-trials-0-1.json"))
        let replayed = episodes.map { e in
            let task = data.tasks[e.taskID]
            let r = TauReplay.replay(e, task: task, gold: data.gold.state(task: task, id: e.taskID), initial: data.initial,
                                     domain: data.domain)
            return (taskID: e.taskID, trial: e.trial, reward: r.reward.reward)
        }
        let recorded = episodes.map { (taskID: $0.taskID, trial: $0.trial, reward: $0.recordedReward) }
        let ours = TauPassHat.values(replayed), theirs = TauPassHat.values(recorded)
        #expect(ours == theirs)
        // The figures tau-bench prints for these 100 episodes.
        #expect(theirs[1] == 0.43)
        #expect(theirs[2] == 0.24)
    }

    @Test("the later upstream rule also compares the database for tasks with outputs")
    func databaseAndOutputsRule() throws {
        let data = try Self.data("airline")
        let (id, task) = try #require(data.tasks.enumerated().first { !$0.element.outputs.isEmpty && !$0.element.actions.isEmpty })
        var env = TauEnvironment(domain: data.domain, data: data.initial)
        // The outputs said, none of the gold actions taken.
        env.respond(task.outputs.joined(separator: " "))
        env.customerSaid("###STOP###")
        let gold = data.gold.state(task: task, id: id)
        let old = TauReward.compute(task: task, environment: env, gold: gold, rule: .outputsOrDatabase)
        let later = TauReward.compute(task: task, environment: env, gold: gold, rule: .databaseAndOutputs)
        let goldChangesData = gold != data.initial
        #expect(old.isSuccess)
        #expect(later.isSuccess == !goldChangesData)
    }
}
