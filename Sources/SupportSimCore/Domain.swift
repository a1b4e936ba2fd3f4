import Foundation

/// The world and tools a suite's agent works against (`domain:` in supportsim.yml). `support`
/// is SupportSim's own mock systems (tools.md); the `tau-*` domains are tau-bench's, ported.
public enum DomainName: String, Sendable, Hashable, CaseIterable {
    case support
    case tauAirline = "tau-airline"
    case tauRetail = "tau-retail"

    /// tau-bench's name for the domain (`airline`), nil for SupportSim's own.
    public var tauDomain: String? {
        switch self {
        case .support: return nil
        case .tauAirline: return "airline"
        case .tauRetail: return "retail"
        }
    }
}

/// `tau:` in a tau suite's config: where the domain's data is and which reward rule applies.
public struct TauSuiteSettings: Sendable, Hashable {
    /// Folder (relative to the suite) laid out like tau-bench's data: `db/*.json`, `tasks.json`,
    /// `tools.json`, `policy.md`.
    public var data: String = "tau"
    /// `tau-7362a17` (the recordings' rule) or `database-and-outputs` (later upstream).
    public var rewardRule: String = "tau-7362a17"
    public init() {}
}

/// `tau:` in a scenario: the task it plays and, for a recorded episode, its trial and reward.
public struct TauScenarioRef: Sendable, Hashable {
    public var taskID: Int
    public var trial: Int?
    public var recordedReward: Decimal?
    public init(taskID: Int, trial: Int? = nil, recordedReward: Decimal? = nil) {
        self.taskID = taskID
        self.trial = trial
        self.recordedReward = recordedReward
    }
}

/// How a tau episode ended, scored as tau-bench scores it (results.json `tau`).
public struct TauEpisodeOutcome: Sendable, Hashable {
    public var taskID: Int
    public var trial: Int
    public var reward: Decimal
    public var recordedReward: Decimal?
    /// Tool outputs equal to the recorded ones, of the recorded tool messages.
    public var outputsMatched: Int
    public var outputsTotal: Int
    /// nil when the reward rule did not compare the database.
    public var databaseMatched: Bool?
    /// The task's expected outputs, each with whether a reply said it.
    public var outputs: [String: Bool]
    /// `customer-stopped`, `transferred`, `step-limit`, or `not-ended`.
    public var end: String
    public var steps: Int

    public init(taskID: Int, trial: Int, reward: Decimal, recordedReward: Decimal?, outputsMatched: Int, outputsTotal: Int,
                databaseMatched: Bool?, outputs: [String: Bool], end: String, steps: Int) {
        self.taskID = taskID
        self.trial = trial
        self.reward = reward
        self.recordedReward = recordedReward
        self.outputsMatched = outputsMatched
        self.outputsTotal = outputsTotal
        self.databaseMatched = databaseMatched
        self.outputs = outputs
        self.end = end
        self.steps = steps
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "task_id": .number(Decimal(taskID)), "trial": .number(Decimal(trial)), "reward": .number(reward),
            "recorded_reward": recordedReward.map(JSONValue.number) ?? .null,
            "outputs_matched": .number(Decimal(outputsMatched)), "outputs_total": .number(Decimal(outputsTotal)),
            "end": .string(end), "steps": .number(Decimal(steps)),
        ]
        o["database_matched"] = databaseMatched.map(JSONValue.bool) ?? .null
        o["outputs"] = .object(outputs.mapValues(JSONValue.bool))
        return .object(o)
    }
}

/// A gateway that plays an episode under tau-bench's rules: it takes the model's argument text
/// as written (ints and floats, key order: tau-bench's reward tells them apart) and says when
/// the episode has ended.
public protocol EpisodeToolGateway: ToolGateway {
    func call(_ operation: String, argumentsJSON: String) async -> ToolOutcome
    var episodeEnded: Bool { get }
}
