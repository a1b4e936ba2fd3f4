import Foundation
import SupportSimCore

/// The first line of a run's journal: what was run, so that a resumed run continues the same run
/// and `merge` joins only shards of one run (same suite, agent, commit, trials and filters).
public struct JournalHeader: Sendable, Hashable {
    public static let formatVersion = 1

    public var runID: String
    public var suite: String
    /// `SuiteDigest` of the suite's files when the run started.
    public var suiteDigest: String
    public var agent: String
    public var gitCommit: String?
    public var repeatCount: Int
    public var filters: [String]
    public var shard: ShardSpec?
    /// Wall-clock start of the run (ISO 8601), kept for the merged run's start.
    public var startedAt: Date

    public init(runID: String, suite: String, suiteDigest: String, agent: String, gitCommit: String?, repeatCount: Int,
                filters: [String], shard: ShardSpec?, startedAt: Date) {
        self.runID = runID
        self.suite = suite
        self.suiteDigest = suiteDigest
        self.agent = agent
        self.gitCommit = gitCommit
        self.repeatCount = repeatCount
        self.filters = filters
        self.shard = shard
        self.startedAt = startedAt
    }

    var json: JSONValue {
        ["supportsim_journal": .int(Self.formatVersion), "run_id": .string(runID), "suite": .string(suite),
         "suite_digest": .string(suiteDigest), "agent": .string(agent), "git_commit": .optional(gitCommit),
         "repeat": .int(repeatCount), "filters": .strings(filters),
         "shard": shard.map { ["index": .int($0.index), "count": .int($0.count)] } ?? .null,
         "started_at": .string(startedAt.timeIntervalSinceReferenceDate.description)]
    }

    init(json: JSONValue) throws(JournalDecodingError) {
        let f = try JSONFields(json, path: "")
        let version = try f.int("supportsim_journal")
        guard version == Self.formatVersion else {
            throw JournalDecodingError(field: "supportsim_journal",
                                       problem: "version \(version); this supportsim reads version \(Self.formatVersion)")
        }
        var shard: ShardSpec?
        if let s = try f.optionalObject("shard") { shard = ShardSpec(index: try s.int("index"), count: try s.int("count")) }
        guard let started = Double(try f.string("started_at")) else {
            throw JournalDecodingError(field: "started_at", problem: "expected a time")
        }
        self.init(runID: try f.string("run_id"), suite: try f.string("suite"), suiteDigest: try f.string("suite_digest"),
                  agent: try f.string("agent"), gitCommit: try f.optionalString("git_commit"), repeatCount: try f.int("repeat"),
                  filters: try f.strings("filters"), shard: shard, startedAt: Date(timeIntervalSinceReferenceDate: started))
    }

    /// What differs between two runs' headers that makes them different runs, for a refusal
    /// message: nil when they are of the same run (shard and start aside).
    public func mismatch(with other: JournalHeader) -> String? {
        if suite != other.suite { return "suite \"\(suite)\" against \"\(other.suite)\"" }
        if suiteDigest != other.suiteDigest { return "the suite's files differ (\(suiteDigest) against \(other.suiteDigest))" }
        if agent != other.agent { return "agent \(agent) against \(other.agent)" }
        if gitCommit != other.gitCommit { return "commit \(gitCommit ?? "none") against \(other.gitCommit ?? "none")" }
        if repeatCount != other.repeatCount { return "--repeat \(repeatCount) against \(other.repeatCount)" }
        if filters != other.filters { return "--filter \(filters) against \(other.filters)" }
        return nil
    }
}
