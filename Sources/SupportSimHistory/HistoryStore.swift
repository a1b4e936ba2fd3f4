import Foundation
import GRDB
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The run history (metrics.md, "Run history and drift"): an append-only SQLite database.
///
/// A run is written as it goes: `beginRun` stores it as `running`, `record` stores each
/// conversation as soon as it is scored, `finishRun` stores the metrics and gates and marks it
/// `complete`. A process that dies leaves its run `running`; the next process that opens the
/// database marks such runs `incomplete` once it has made sure their process is gone
/// (`ProcessIdentity`). Several processes may write one database at once: it is in WAL mode, a
/// writer waits up to `busyTimeout` for the lock, and each write is one short transaction.
public final class HistoryStore: Sendable {
    public let writer: any DatabaseWriter
    public let path: String
    /// Opened with `openReadOnly`: nothing is written, not even the marking of abandoned runs.
    public let readOnly: Bool
    static let busyTimeout: TimeInterval = 30

    /// Opens (creating it and its folder if needed) and migrates the database at `url`, then marks
    /// runs whose process is gone `incomplete`.
    /// - Throws: `HistoryError` when the file cannot be opened, created or migrated.
    public static func open(at url: URL) throws(HistoryError) -> HistoryStore {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(busyTimeout)
            config.label = "supportsim-history"
            let pool = try retryingWhenBusy { try DatabasePool(path: url.path, configuration: config) }
            return try HistoryStore(writer: pool, path: url.path)
        } catch let e as HistoryError {
            throw e
        } catch {
            throw HistoryError(path: url.path, reason: "\(error)")
        }
    }

    /// Opens an existing database for reading only, for the commands that only read it
    /// (`history`, `show`): they then work on a history the user may not write (a read-only
    /// checkout, a shared CI cache), and change nothing in it. Runs whose process is gone are
    /// shown as `incomplete` without being marked so.
    public static func openReadOnly(at url: URL) throws(HistoryError) -> HistoryStore {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw HistoryError(path: url.path, reason: "there is no history there yet; `supportsim run` creates it")
        }
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(busyTimeout)
            config.label = "supportsim-history-readonly"
            let queue = try DatabaseQueue(path: url.path, configuration: config)
            let migrated = try queue.read { db in try HistoryMigrations.migrator.hasCompletedMigrations(db) }
            guard migrated else {
                throw HistoryError(path: url.path, reason: "it was written by an older supportsim; "
                                   + "open it once with a command that writes (`supportsim run`) to upgrade it")
            }
            return HistoryStore(readOnly: queue, path: url.path)
        } catch let e as HistoryError {
            throw e
        } catch {
            throw HistoryError(path: url.path, reason: "\(error)")
        }
    }

    private init(readOnly writer: any DatabaseWriter, path: String) {
        self.writer = writer
        self.path = path
        self.readOnly = true
    }

    /// A store over any GRDB writer (tests use an in-memory `DatabaseQueue`).
    public init(writer: any DatabaseWriter, path: String = ":memory:") throws(HistoryError) {
        self.writer = writer
        self.path = path
        self.readOnly = false
        do {
            // Two processes opening a new database at once both see it unmigrated; the loser's
            // CREATE TABLE then fails. Migrating again reads the winner's migrations as applied.
            try Self.retryingWhenBusy(attempts: 5, alsoRetrying: [.SQLITE_ERROR]) { try HistoryMigrations.migrator.migrate(writer) }
            try markAbandonedRuns()
        } catch {
            throw HistoryError(path: path, reason: "\(error)")
        }
    }

    // MARK: - Writing a run

    /// Stores the run as `running`, with the identity of this process.
    public func beginRun(_ info: RunInfo, configHash: String?, process: ProcessIdentity = .current) throws {
        let run = StoredRun(
            id: info.id, startedAt: Self.timestamp(info.startedAt), finishedAt: nil, suite: info.suite, agent: info.agent,
            gitCommit: info.gitCommit, configHash: configHash, status: .running, repeatCount: info.repeatCount,
            filters: JSONValue.array(info.filters.map { .string($0) }).jsonText(), pid: process.pid,
            hostname: process.hostname, processStart: process.startToken, passRate: nil, passed: nil, gates: nil, metrics: nil)
        try write { db in try run.insert(db) }
    }

    /// Stores one scored conversation, with its checks and findings, in one transaction.
    /// - Parameter json: the scenario's results.json object (default: `ScenarioResultJSON.encode`).
    public func record(_ result: ScenarioResult, runID: String, json: JSONValue? = nil) throws {
        let object = json ?? ScenarioResultJSON.encode(result)
        let rec = result.record
        let conversation = StoredConversation(
            id: nil, runID: runID, scenarioID: result.id, trial: result.trial, status: result.status.rawValue,
            intent: rec.scenario.primaryIntent, channel: rec.scenario.channel.rawValue, frtMs: rec.frtMs,
            resolutionMs: rec.resolution == .resolved ? rec.durationMs : nil, resolution: rec.resolution.rawValue,
            result: object.jsonText())
        try write { db in
            // A fresh copy per attempt: a retried transaction must not reuse a rolled-back row id.
            var inserted = conversation
            try inserted.insert(db)
            guard let cid = inserted.id else { return }
            for c in result.checks {
                var row = StoredCheck(id: nil, conversationID: cid, kind: c.kind, passed: c.passed, turn: c.turn,
                                      expected: c.expected.jsonText(), actual: c.actual.jsonText(), note: c.note)
                try row.insert(db)
            }
            for v in result.violations {
                var row = StoredFinding(id: nil, conversationID: cid, kind: "violation", name: v.policy, severity: v.severity.rawValue,
                                        turn: v.turn, detail: v.evidence, sentence: nil, waived: v.waived)
                try row.insert(db)
            }
            for h in result.hallucinations {
                var row = StoredFinding(id: nil, conversationID: cid, kind: "hallucination", name: h.kind, severity: nil,
                                        turn: h.turn, detail: h.claim, sentence: h.sentence, waived: false)
                try row.insert(db)
            }
        }
    }

    /// Stores a scenario file that could not be loaded (`--skip-invalid`), as status `invalid`.
    public func recordInvalid(_ invalid: InvalidScenario, runID: String) throws {
        let object: JSONValue = ["id": .string(invalid.id), "file": .string(invalid.file), "trial": 1, "status": "invalid",
                                 "errors": .array(invalid.diagnostics.map { .string($0.description) })]
        let conversation = StoredConversation(id: nil, runID: runID, scenarioID: invalid.id, trial: 1, status: "invalid",
                                              intent: nil, channel: nil, frtMs: nil, resolutionMs: nil, resolution: nil,
                                              result: object.jsonText())
        try write { db in
            var inserted = conversation
            try inserted.insert(db)
        }
    }

    /// Stores the run's metrics and gates and marks it `complete`.
    public func finishRun(_ run: RunRecord) throws {
        let metrics = MetricRows.flatten(run.metrics).map { name, figure in
            StoredMetric(runID: run.info.id, name: name, value: figure.value, successes: figure.successes, n: figure.n)
        }
        let passRate = run.metrics["scenario_pass_rate"]?["value"]?.decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue }
        try write { db in
            for m in metrics { try m.insert(db) }
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'complete', finished_at = ?, pass_rate = ?, passed = ?, gates = ?, metrics = ?
                    WHERE id = ? AND status = 'running'
                    """,
                arguments: [Self.timestamp(run.info.finishedAt), passRate, run.passed,
                            JSONValue.array(run.gates.map(\.json)).jsonText(), run.metrics.jsonText(), run.info.id])
            if db.changesCount != 1 {
                throw HistoryError(path: path, reason: "run \(run.info.id) is not running any more")
            }
        }
    }

    // MARK: - Abandoned runs

    /// Marks `incomplete` every `running` run of this host whose process is gone. Returns their ids.
    @discardableResult
    public func markAbandonedRuns() throws -> [String] {
        let running = try writer.read { db in try StoredRun.filter(Column("status") == RunStatus.running.rawValue).fetchAll(db) }
        let gone = running.filter { r in
            r.pid.map { ProcessIdentity.isGone(pid: $0, hostname: r.hostname, startToken: r.processStart) } ?? false
        }
        for r in gone {
            try write { db in
                try db.execute(sql: "UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'", arguments: [r.id])
            }
        }
        return gone.map(\.id)
    }

    // MARK: - Helpers

    func write(_ body: (Database) throws -> Void) throws {
        try Self.retryingWhenBusy { try writer.write(body) }
    }

    /// The busy timeout covers most contention; this covers the cases SQLite reports at once
    /// (a lock that cannot be waited for without a deadlock), by trying again after a pause.
    /// `alsoRetrying` adds codes for the one place that expects others (concurrent migration).
    static func retryingWhenBusy<T>(attempts: Int = 20, alsoRetrying: [ResultCode] = [], _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where attempt < attempts
                && ([.SQLITE_BUSY, .SQLITE_LOCKED] + alsoRetrying).contains(error.resultCode)
            {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    /// UTC with milliseconds always present, so that text order is time order.
    public static func timestamp(_ date: Date) -> String {
        let text = ISODate.formatDateTime(date)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }
}
