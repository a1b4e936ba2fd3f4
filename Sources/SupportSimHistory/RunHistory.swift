import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The run history (metrics.md, "Run history and drift"), whatever holds it: the records a run
/// writes as it goes and the queries that `history`, `show`, `drift`, `golden approve` and the
/// run's own drift stage read back. `SQLiteHistory` (a local file, the default) and
/// `PostgresHistory` (module SupportSimHistoryPostgres: a team's shared database) implement it
/// with the same schema, migrations and queries.
///
/// The promises every implementation keeps:
/// - append-only: nothing stored is ever changed or deleted, except a `running` run's outcome
///   columns (enforced by the database itself, with triggers);
/// - many writers at once, each its own run: each write is one transaction, row ids come from the
///   database, and no write of one run touches another's rows;
/// - a run whose writer died stays with every conversation it stored and is marked `incomplete`
///   by the next writer that opens the history on the same host (`markAbandonedRuns`).
///
/// Calls block until the database has answered (the callers are synchronous: command bodies and
/// the runner's progress callback).
public protocol RunHistory: Sendable {
    /// Where the history is, for messages: a file path, or a URL with its password hidden.
    var location: String { get }
    /// Opened for reading only: nothing is written, not even the marking of abandoned runs, and
    /// runs whose process is gone are shown as `incomplete`.
    var readOnly: Bool { get }

    // MARK: Writing a run

    /// Stores the run as `running`, with the identity of its process.
    func beginRun(_ info: RunInfo, configHash: String?, process: ProcessIdentity) throws
    /// Stores one scored conversation, with its checks and findings, in one transaction.
    /// - Parameter json: the scenario's results.json object (nil: `ScenarioResultJSON.encode`).
    func record(_ result: ScenarioResult, runID: String, json: JSONValue?) throws
    /// Stores a scenario file that could not be loaded (`--skip-invalid`), as status `invalid`.
    func recordInvalid(_ invalid: InvalidScenario, runID: String) throws
    /// Stores the run's metrics and gates and marks it `complete`.
    func finishRun(_ run: RunRecord) throws
    /// Marks `incomplete` every `running` run of this host whose process is gone; returns their ids.
    @discardableResult func markAbandonedRuns() throws -> [String]
    /// Stores a whole run read from another history (`history copy`), in one transaction, keeping
    /// its id, status and rows. Returns false, storing nothing, when a run with its id is there.
    func insertCopy(_ contents: StoredRunContents) throws -> Bool

    // MARK: Reading

    /// Runs, newest first; of one suite (its config `name`) when given.
    func runs(suite: String?, limit: Int?) throws -> [StoredRun]
    func run(id: String) throws -> StoredRun?
    /// Up to `limit` `complete` runs of a suite, newest first, started before `run` when given.
    func completeRuns(suite: String, before run: StoredRun?, limit: Int) throws -> [StoredRun]
    /// A run's conversations in scenario and trial order.
    func conversations(runID: String) throws -> [StoredConversation]
    /// A conversation's checks, in the order they were stored.
    func checks(conversationID: Int64) throws -> [StoredCheck]
    /// A conversation's findings, in the order they were stored.
    func findings(conversationID: Int64) throws -> [StoredFinding]
    /// A run's figures by name (`scenario_pass_rate`, `frt_ms.p95`, ...); empty until it is complete.
    func metrics(runID: String) throws -> [String: StoredMetric]
    /// Passed and total conversations stored for a run: the pass rate so far of a run that is
    /// still running or was left incomplete.
    func conversationCounts(runID: String) throws -> (passed: Int, total: Int)
}

extension RunHistory {
    public func beginRun(_ info: RunInfo, configHash: String?) throws {
        try beginRun(info, configHash: configHash, process: .current)
    }

    public func record(_ result: ScenarioResult, runID: String) throws {
        try record(result, runID: runID, json: nil)
    }

    public func runs() throws -> [StoredRun] { try runs(suite: nil, limit: nil) }

    public func runs(suite: String?) throws -> [StoredRun] { try runs(suite: suite, limit: nil) }

    /// The newest `complete` run of a suite.
    public func latestCompleteRun(suite: String) throws -> StoredRun? {
        try completeRuns(suite: suite, before: nil, limit: 1).first
    }

    /// The `complete` run of the same suite just before `run`.
    public func previousCompleteRun(before run: StoredRun) throws -> StoredRun? {
        try completeRuns(suite: run.suite, before: run, limit: 1).first
    }

    /// Everything stored for a run, for copying it into another history.
    public func contents(runID: String) throws -> StoredRunContents? {
        guard let run = try run(id: runID) else { return nil }
        let conversations = try conversations(runID: runID).sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map { c in
            StoredRunContents.Conversation(conversation: c, checks: try checks(conversationID: c.id ?? -1),
                                           findings: try findings(conversationID: c.id ?? -1))
        }
        return StoredRunContents(run: run, conversations: conversations,
                                 metrics: try metrics(runID: runID).values.sorted { $0.name < $1.name })
    }
}

/// The package's tests of both implementations: raw SQL for the append-only guards, and a dump of
/// every stored value of a run.
package protocol RunHistoryTestingAccess: RunHistory {
    func executeForTesting(_ sql: String) throws
    /// Every stored value of a run, row by row across all tables, as text: two dumps are equal
    /// exactly when nothing of the run was changed.
    func dumpForTesting(runID: String) throws -> [String]
}
