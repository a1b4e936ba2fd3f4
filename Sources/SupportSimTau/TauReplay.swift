import Foundation

/// A recorded episode played again under tau-bench's rules, offline: every tool call the
/// recording made runs on a fresh database, its output is compared with the recorded one, and
/// the reward is computed as tau-bench computes it.
public struct TauReplayResult: Sendable {
    public struct Mismatch: Sendable, Hashable {
        /// Index of the tool message in the episode's `traj`.
        public var message: Int
        public var tool: String
        public var recorded: String
        public var replayed: String
    }

    public var reward: TauReward
    public var recordedReward: Double
    public var outputsMatched: Int
    public var outputsTotal: Int
    public var mismatches: [Mismatch]
    public var environment: TauEnvironment

    public var rewardMatchesRecording: Bool { reward.reward == recordedReward }
}

public enum TauReplay {
    /// Replays `episode` for `task` (the task list's entry for `episode.taskID`).
    public static func replay(_ episode: TauEpisode, task: TauTask, gold: PyDict, initial: PyDict, domain: TauDomain,
                              rule: TauRewardRule = .outputsOrDatabase) -> TauReplayResult {
        var env = TauEnvironment(domain: domain, data: initial)
        var lastObservation: String?
        var matched = 0, total = 0
        var mismatches: [TauReplayResult.Mismatch] = []
        var lastTool = ""
        for (index, message) in episode.messages.enumerated() {
            // After the end only the tool message of the call that ended it is read.
            if env.isDone && !(message.role == .tool && lastObservation != nil) { break }
            switch message.role {
            case .system:
                continue
            case .user:
                env.customerSaid(message.content ?? "")
            case .assistant:
                if let call = message.toolCalls.first {
                    lastTool = call.name
                    lastObservation = env.callTool(call.name, argumentsJSON: call.arguments)
                } else {
                    env.respond(message.content ?? "")
                    lastObservation = nil
                }
            case .tool:
                // One tool message follows each executed call; later ones (none in tau's own
                // recordings) have nothing to compare with.
                guard let observation = lastObservation else { continue }
                lastObservation = nil
                total += 1
                if observation == (message.content ?? "") {
                    matched += 1
                } else {
                    mismatches.append(.init(message: index, tool: lastTool, recorded: message.content ?? "", replayed: observation))
                }
            }
        }
        let reward = TauReward.compute(task: task, environment: env, gold: gold, rule: rule)
        return TauReplayResult(reward: reward, recordedReward: episode.recordedReward, outputsMatched: matched,
                               outputsTotal: total, mismatches: mismatches, environment: env)
    }
}
