import Foundation
import SupportSimAdapters
import SupportSimCore

/// What the caller asks of a run, as given (command line or otherwise); what the run then plays
/// is the `RunPlan` made of it, the suite's config and, for a resumed run, the stopped run.
public struct RunRequest: Sendable {
    public enum Resume: Sendable, Equatable {
        /// The newest unfinished run in the reports folder.
        case newest
        case run(String)
    }

    /// The agent named by the caller; nil for the config's (or, resuming, the stopped run's).
    public var agent: AgentSpec?
    public var filters: [String] = []
    public var repeatCount: Int?
    public var jobs: Int?
    public var shard: ShardSpec?
    /// The folder that receives `<run-id>/` and `latest/`.
    public var out: URL
    public var resume: Resume?
    /// Whether the run is stored in the history (a shard's part never is: `merge` stores it).
    public var keepsHistory: Bool = true
    /// Records or replays the model calls of the agent, the customer model and the judge.
    public var cassette: ModelCassette?

    public init(agent: AgentSpec? = nil, filters: [String] = [], repeatCount: Int? = nil, jobs: Int? = nil,
                shard: ShardSpec? = nil, out: URL, resume: Resume? = nil, keepsHistory: Bool = true,
                cassette: ModelCassette? = nil) {
        self.agent = agent
        self.filters = filters
        self.repeatCount = repeatCount
        self.jobs = jobs
        self.shard = shard
        self.out = out
        self.resume = resume
        self.keepsHistory = keepsHistory
        self.cassette = cassette
    }
}
