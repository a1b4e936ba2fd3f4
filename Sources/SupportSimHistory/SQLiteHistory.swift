import Foundation
import GRDB
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The run history in a local SQLite file (GRDB), the default: `.supportsim/history.sqlite`.
///
/// A run is written as it goes (see `RunHistory`). Several processes may write one database at
/// once: it is in WAL mode, a writer waits up to `busyTimeout` for the lock, and each write is
/// one short transaction.
public final class SQLiteHistory: RunHistory, RunHistoryTestingAccess {
    public let writer: any DatabaseWriter
    public let path: String
    public let readOnly: Bool
    static let busyTimeout: TimeInterval = 30

    public var location: String { path }

    /// Opens (creating it and its folder if needed) and migrates the database at `url`, then marks
    /// runs whose process is gone `incomplete`.
    /// - Throws: `HistoryError` when the file cannot be opened, created or migrated.
    public static func open(at url: URL) throws(HistoryError) -> SQLiteHistory {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(busyTimeout)
            config.label = "supportsim-history"
            let pool = try retryingWhenBusy { try DatabasePool(path: url.path, configuration: config) }
            return try SQLiteHistory(writer: pool, path: url.path)
        } catch let e as HistoryError {
            throw e
        } catch {
            throw HistoryError(path: url.path, reason: "\(error)")
        }
    }

    /// Opens an existing database for reading only, for the commands that only read it
    /// (`history`, `show`, `history copy`'s source): they then work on a history the user may not
    /// write (a read-only checkout, a shared CI cache), and change nothing in it.
    public static func openReadOnly(at url: URL) throws(HistoryError) -> SQLiteHistory {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw HistoryError(path: url.path, reason: "there is no history there yet; `supportsim run` creates it", isMissing: true)
        }
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(busyTimeout)
            config.label = "supportsim-history-readonly"
            let queue = try DatabaseQueue(path: url.path, configuration: config)
            let migrated = try queue.read { db in try SQLiteMigrations.migrator.hasCompletedMigrations(db) }
            guard migrated else {
                throw HistoryError(path: url.path, reason: "it was written by an older supportsim; "
                                   + "open it once with a command that writes (`supportsim run`) to upgrade it")
            }
            return SQLiteHistory(readOnly: queue, path: url.path)
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
            try Self.retryingWhenBusy(attempts: 5, alsoRetrying: [.SQLITE_ERROR]) { try SQLiteMigrations.migrator.migrate(writer) }
            try markAbandonedRuns()
        } catch {
            throw HistoryError(path: path, reason: "\(error)")
        }
    }

    // MARK: - Writing a run

    public func beginRun(_ info: RunInfo, configHash: String?, process: ProcessIdentity) throws {
        let run = RecordRows.begun(info, configHash: configHash, process: process)
        try write { db in try run.insert(db) }
    }

    public func record(_ result: ScenarioResult, runID: String, json: JSONValue?) throws {
        let rows = RecordRows.conversation(result, runID: runID, json: json)
        try write { db in try Self.insert(rows, db) }
    }

    public func recordInvalid(_ invalid: InvalidScenario, runID: String) throws {
        let conversation = RecordRows.invalid(invalid, runID: runID)
        try write { db in try Self.insert(.init(conversation: conversation, checks: [], findings: []), db) }
    }

    public func finishRun(_ run: RunRecord) throws {
        let finish = RecordRows.finish(run)
        try write { db in
            for m in finish.metrics { try m.insert(db) }
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'complete', finished_at = ?, pass_rate = ?, passed = ?, gates = ?, metrics = ?
                    WHERE id = ? AND status = 'running'
                    """,
                arguments: [finish.finishedAt, finish.passRate, finish.passed, finish.gates, finish.metricsJSON, run.info.id])
            if db.changesCount != 1 {
                throw HistoryError(path: path, reason: "run \(run.info.id) is not running any more")
            }
        }
    }

    public func insertCopy(_ contents: StoredRunContents) throws -> Bool {
        var inserted = false
        try write { db in
            inserted = false
            // Writes to one SQLite database are serialized: no other writer can insert it meanwhile.
            guard try StoredRun.fetchOne(db, key: contents.run.id) == nil else { return }
            try contents.begun.insert(db)
            for c in contents.conversations { try Self.insert(c, db) }
            for m in contents.metrics { try m.insert(db) }
            let r = contents.run
            if r.status != .running {
                try db.execute(
                    sql: """
                        UPDATE runs SET status = ?, finished_at = ?, pass_rate = ?, passed = ?, gates = ?, metrics = ?
                        WHERE id = ?
                        """,
                    arguments: [r.status, r.finishedAt, r.passRate, r.passed, r.gates, r.metrics, r.id])
            }
            inserted = true
        }
        return inserted
    }

    /// A conversation and its checks and findings, under the conversation's new row id.
    private static func insert(_ rows: StoredRunContents.Conversation, _ db: Database) throws {
        // A fresh copy per attempt: a retried transaction must not reuse a rolled-back row id.
        var conversation = rows.conversation
        conversation.id = nil
        try conversation.insert(db)
        guard let cid = conversation.id else { return }
        for c in rows.checks {
            var row = c
            row.id = nil
            row.conversationID = cid
            try row.insert(db)
        }
        for f in rows.findings {
            var row = f
            row.id = nil
            row.conversationID = cid
            try row.insert(db)
        }
    }

    // MARK: - Abandoned runs

    @discardableResult
    public func markAbandonedRuns() throws -> [String] {
        let running = try writer.read { db in try StoredRun.filter(Column("status") == RunStatus.running.rawValue).fetchAll(db) }
        let gone = running.filter(\.writerIsGone)
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
}

/// The name `SQLiteHistory` had before the history could also live in PostgreSQL.
@available(*, deprecated, renamed: "SQLiteHistory")
public typealias HistoryStore = SQLiteHistory
