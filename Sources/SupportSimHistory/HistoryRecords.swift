import Foundation
import GRDB

/// How far a run got: `running` while its process writes it, `complete` once every conversation
/// and the metrics are in, `incomplete` when its process died first (see `ProcessIdentity`).
public enum RunStatus: String, Codable, Sendable, Hashable, DatabaseValueConvertible {
    case running, complete, incomplete
}

/// A row of `runs`: who, what and when, and once finished the outcome.
public struct StoredRun: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "runs"
    public var id: String
    /// ISO 8601 with milliseconds always present, so that text order is time order.
    public var startedAt: String
    public var finishedAt: String?
    public var suite: String
    public var agent: String
    public var gitCommit: String?
    public var configHash: String?
    public var status: RunStatus
    public var repeatCount: Int
    /// JSON array of the run's filters.
    public var filters: String
    public var pid: Int?
    public var hostname: String?
    public var processStart: String?
    public var passRate: Double?
    /// The gates verdict (every gate passed; with no gates, every scenario passed).
    public var passed: Bool?
    /// JSON array of the gate verdicts, as in results.json.
    public var gates: String?
    /// The run's metrics JSON, as in results.json.
    public var metrics: String?

    enum CodingKeys: String, CodingKey {
        case id, suite, agent, status, filters, pid, hostname, passed, gates, metrics
        case startedAt = "started_at", finishedAt = "finished_at", gitCommit = "git_commit"
        case configHash = "config_hash", repeatCount = "repeat_count", processStart = "process_start"
        case passRate = "pass_rate"
    }

    public init(id: String, startedAt: String, finishedAt: String?, suite: String, agent: String, gitCommit: String?,
                configHash: String?, status: RunStatus, repeatCount: Int, filters: String, pid: Int?, hostname: String?,
                processStart: String?, passRate: Double?, passed: Bool?, gates: String?, metrics: String?)
    {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.suite = suite
        self.agent = agent
        self.gitCommit = gitCommit
        self.configHash = configHash
        self.status = status
        self.repeatCount = repeatCount
        self.filters = filters
        self.pid = pid
        self.hostname = hostname
        self.processStart = processStart
        self.passRate = passRate
        self.passed = passed
        self.gates = gates
        self.metrics = metrics
    }
}

/// A row of `conversations`: one scenario trial, with its results.json object in `result`.
public struct StoredConversation: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "conversations"
    public var id: Int64?
    public var runID: String
    public var scenarioID: String
    public var trial: Int
    public var status: String
    public var intent: String?
    public var channel: String?
    public var frtMs: Int?
    public var resolutionMs: Int?
    public var resolution: String?
    /// The scenario's object of results.json (compact JSON, sorted keys).
    public var result: String

    enum CodingKeys: String, CodingKey {
        case id, trial, status, intent, channel, resolution, result
        case runID = "run_id", scenarioID = "scenario_id", frtMs = "frt_ms", resolutionMs = "resolution_ms"
    }

    public init(id: Int64?, runID: String, scenarioID: String, trial: Int, status: String, intent: String?, channel: String?,
                frtMs: Int?, resolutionMs: Int?, resolution: String?, result: String)
    {
        self.id = id
        self.runID = runID
        self.scenarioID = scenarioID
        self.trial = trial
        self.status = status
        self.intent = intent
        self.channel = channel
        self.frtMs = frtMs
        self.resolutionMs = resolutionMs
        self.resolution = resolution
        self.result = result
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One expectation check of a conversation, its expected and actual values as JSON text.
public struct StoredCheck: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "checks"
    public var id: Int64?
    public var conversationID: Int64
    public var kind: String
    public var passed: Bool?
    public var turn: Int?
    public var expected: String
    public var actual: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, passed, turn, expected, actual, note
        case conversationID = "conversation_id"
    }

    public init(id: Int64?, conversationID: Int64, kind: String, passed: Bool?, turn: Int?, expected: String, actual: String,
                note: String?)
    {
        self.id = id
        self.conversationID = conversationID
        self.kind = kind
        self.passed = passed
        self.turn = turn
        self.expected = expected
        self.actual = actual
        self.note = note
    }
}

/// A policy violation or a hallucination of one conversation.
public struct StoredFinding: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "findings"
    public var id: Int64?
    public var conversationID: Int64
    /// `violation` or `hallucination`.
    public var kind: String
    /// The policy, or the kind of claim.
    public var name: String
    public var severity: String?
    public var turn: Int?
    /// The evidence, or the claim.
    public var detail: String
    public var sentence: String?
    public var waived: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, name, severity, turn, detail, sentence, waived
        case conversationID = "conversation_id"
    }

    public init(id: Int64?, conversationID: Int64, kind: String, name: String, severity: String?, turn: Int?, detail: String,
                sentence: String?, waived: Bool)
    {
        self.id = id
        self.conversationID = conversationID
        self.kind = kind
        self.name = name
        self.severity = severity
        self.turn = turn
        self.detail = detail
        self.sentence = sentence
        self.waived = waived
    }
}

/// One figure of a finished run, flattened from its metrics JSON (`frt_ms.p95`,
/// `by_intent.order.status.scenario_pass_rate`), for trends without parsing JSON.
public struct StoredMetric: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metrics"
    public var runID: String
    public var name: String
    public var value: Double?
    public var successes: Int?
    public var n: Int?

    enum CodingKeys: String, CodingKey {
        case name, value, successes, n
        case runID = "run_id"
    }

    public init(runID: String, name: String, value: Double?, successes: Int?, n: Int?) {
        self.runID = runID
        self.name = name
        self.value = value
        self.successes = successes
        self.n = n
    }
}
