import Foundation
import Synchronization

/// Which of tau-bench's reward rules to apply.
public enum TauRewardRule: String, Sendable, Hashable, CaseIterable {
    /// tau-bench at 7362a17, the commit of the recorded episodes: a task with outputs is judged
    /// on its outputs alone; any other task on its final database.
    case outputsOrDatabase = "tau-7362a17"
    /// Later upstream: the database is compared for every task, and outputs are checked as well.
    case databaseAndOutputs = "database-and-outputs"
}

/// One of a task's expected outputs, and whether some reply said it.
public struct TauOutputCheck: Sendable, Hashable {
    public var output: String
    public var said: Bool
}

/// An episode's reward and what it was made of.
public struct TauReward: Sendable, Hashable {
    public var reward: Double
    /// nil when the rule did not compare the database.
    public var databaseMatched: Bool?
    public var outputs: [TauOutputCheck]

    /// tau-bench's test: a reward within 1e-6 of 1.
    public var isSuccess: Bool { abs(reward - 1) <= 1e-6 }

    /// The reward of an episode that ended with `environment`'s state, for `task`.
    public static func compute(task: TauTask, environment: TauEnvironment, gold: PyDict,
                               rule: TauRewardRule = .outputsOrDatabase) -> TauReward {
        if environment.end == nil || environment.end == .stepLimit {
            return TauReward(reward: 0, databaseMatched: nil, outputs: task.outputs.map { TauOutputCheck(output: $0, said: false) })
        }
        let said = environment.replies.map { $0.lowercased().replacingOccurrences(of: ",", with: "") }
        let outputs = task.outputs.map { o in TauOutputCheck(output: o, said: said.contains { $0.contains(o.lowercased()) }) }
        let outputsOK = outputs.allSatisfy(\.said)
        switch rule {
        case .outputsOrDatabase where !task.outputs.isEmpty:
            return TauReward(reward: outputsOK ? 1 : 0, databaseMatched: nil, outputs: outputs)
        case .outputsOrDatabase, .databaseAndOutputs:
            let dbOK = environment.data == gold
            return TauReward(reward: dbOK && outputsOK ? 1 : 0, databaseMatched: dbOK, outputs: outputs)
        }
    }
}

/// The database each task's gold actions lead to, computed once per task and shared by its
/// trials (tau-bench replays them on a fresh copy for every reward).
public final class TauGoldStates: Sendable {
    public let domain: TauDomain
    public let initial: PyDict
    private let cache = Mutex<[Int: PyDict]>([:])

    public init(domain: TauDomain, initial: PyDict) {
        self.domain = domain
        self.initial = initial
    }

    public func state(task: TauTask, id: Int) -> PyDict {
        if let hit = cache.withLock({ $0[id] }) { return hit }
        let state = Self.goldState(task, domain: domain, initial: initial)
        cache.withLock { $0[id] = state }
        return state
    }

    /// The gold actions run on a fresh copy; terminating tools and replies are skipped, as
    /// tau-bench skips them.
    public static func goldState(_ task: TauTask, domain: TauDomain, initial: PyDict) -> PyDict {
        var data = initial
        for action in task.actions where !domain.terminateTools.contains(action.name) && action.name != "respond" {
            _ = domain.invoke(action.name, action.kwargs, on: &data)
        }
        return data
    }
}

