import Foundation
import PostgresNIO
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring

/// The run history in a PostgreSQL database (postgres-nio): a team's shared history, which many
/// CI jobs write at once (`history: postgres://…` or `SUPPORTSIM_HISTORY_URL`).
///
/// The same records, migrations and queries as `SQLiteHistory`. Each write is one transaction on
/// this process's own connection; row ids come from identity columns, and a run id is the
/// primary key, so two writers can neither mix their runs nor take each other's ids. A writer that
/// dies leaves its run `running`, with every conversation it committed; the next writer on the same
/// host marks it `incomplete` (`markAbandonedRuns`, as in SQLite).
public final class PostgresHistory: RunHistory, RunHistoryTestingAccess {
    let session: PostgresSession
    public var readOnly: Bool { session.readOnly }
    public var location: String { session.address.redacted }
    public var address: PostgresAddress { session.address }

    /// Connects, applies the migrations the database lacks, and marks runs whose process is gone
    /// `incomplete`.
    /// - Throws: `HistoryError` (its text shows the URL with the password hidden).
    public static func open(_ address: PostgresAddress) throws(HistoryError) -> PostgresHistory {
        let history = PostgresHistory(session: try PostgresSession(address: address, readOnly: false))
        try PostgresMigrations.migrate(history.session)
        do {
            try history.markAbandonedRuns()
        } catch {
            throw history.session.failure(error)
        }
        return history
    }

    /// Connects for reading only (the server refuses every write of the session): `history`,
    /// `show`. Runs whose process is gone are shown as `incomplete` without being marked so.
    public static func openReadOnly(_ address: PostgresAddress) throws(HistoryError) -> PostgresHistory {
        let history = PostgresHistory(session: try PostgresSession(address: address, readOnly: true))
        try PostgresMigrations.check(history.session)
        return history
    }

    private init(session: PostgresSession) {
        self.session = session
    }

    /// Closes the connection now rather than when the store is released.
    public func close() { session.close() }

    // MARK: - Writing a run

    public func beginRun(_ info: RunInfo, configHash: String?, process: ProcessIdentity) throws {
        let run = RecordRows.begun(info, configHash: configHash, process: process)
        // The lock first: a run seen `running` without its lock is one whose writer is gone.
        try session.holdWriterLock(run.id)
        do {
            try session.transaction { s in
                guard try Self.insert(run, s) else {
                    throw HistoryError(path: location, reason: "a run with the id \(run.id) is already stored; start the run again")
                }
            }
        } catch {
            try? session.releaseWriterLock(run.id)
            throw error
        }
    }

    public func record(_ result: ScenarioResult, runID: String, json: JSONValue?) throws {
        let rows = RecordRows.conversation(result, runID: runID, json: json)
        try session.transaction { s in try Self.insert(rows, s) }
    }

    public func recordInvalid(_ invalid: InvalidScenario, runID: String) throws {
        let conversation = RecordRows.invalid(invalid, runID: runID)
        try session.transaction { s in try Self.insert(.init(conversation: conversation, checks: [], findings: []), s) }
    }

    public func finishRun(_ run: RunRecord) throws {
        let finish = RecordRows.finish(run)
        let location = location
        try session.transaction { s in
            try Self.insert(finish.metrics, s)
            let changed = try s.changes("""
                UPDATE runs SET status = 'complete', finished_at = \(finish.finishedAt), pass_rate = \(finish.passRate),
                    passed = \(finish.passed), gates = \(finish.gates), metrics = \(finish.metricsJSON)
                WHERE id = \(run.info.id) AND status = 'running'
                """)
            if changed != 1 { throw HistoryError(path: location, reason: "run \(run.info.id) is not running any more") }
        }
        try? session.releaseWriterLock(run.info.id)
    }

    public func insertCopy(_ contents: StoredRunContents) throws -> Bool {
        try session.transaction { s in
            // ON CONFLICT: a copy running at the same time that stored it first wins, this one skips.
            guard try Self.insert(contents.begun, s) else { return false }
            for c in contents.conversations { try Self.insert(c, s) }
            try Self.insert(contents.metrics, s)
            let r = contents.run
            if r.status != .running {
                try s.query("""
                    UPDATE runs SET status = \(r.status.rawValue), finished_at = \(r.finishedAt), pass_rate = \(r.passRate),
                        passed = \(r.passed), gates = \(r.gates), metrics = \(r.metrics)
                    WHERE id = \(r.id)
                    """)
            }
            return true
        }
    }

    /// As `SQLiteHistory`'s, and also a run of any host whose writer's connection is gone
    /// (`PostgresWriterLocks`).
    @discardableResult
    public func markAbandonedRuns() throws -> [String] {
        let running = try session.withStatements { s in
            try s.query(PostgresQuery(unsafeSQL: """
                SELECT \(PostgresRows.runColumns), \(PostgresWriterLocks.writerConnectedColumn) FROM runs WHERE status = 'running'
                """)).map(PostgresRows.runAndWriter)
        }
        var marked: [String] = []
        for (r, connected) in running where r.writerIsGone || !connected {
            let changed = try session.transaction { s in
                try s.changes("UPDATE runs SET status = 'incomplete' WHERE id = \(r.id) AND status = 'running'")
            }
            if changed == 1 { marked.append(r.id) }
        }
        return marked
    }

    // MARK: - Rows

    /// Inserts a run unless one with its id is there; returns whether it did.
    private static func insert(_ r: StoredRun, _ s: PostgresStatements) throws -> Bool {
        try !s.query("""
            INSERT INTO runs (id, started_at, finished_at, suite, agent, git_commit, config_hash, status, repeat_count, filters,
                pid, hostname, process_start, pass_rate, passed, gates, metrics)
            VALUES (\(r.id), \(r.startedAt), \(r.finishedAt), \(r.suite), \(r.agent), \(r.gitCommit), \(r.configHash),
                \(r.status.rawValue), \(r.repeatCount), \(r.filters), \(r.pid), \(r.hostname), \(r.processStart), \(r.passRate),
                \(r.passed), \(r.gates), \(r.metrics))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """).isEmpty
    }

    /// A conversation, then its checks and findings under its new id, each table in one statement.
    private static func insert(_ rows: StoredRunContents.Conversation, _ s: PostgresStatements) throws {
        let c = rows.conversation
        guard let id = try s.query("""
            INSERT INTO conversations (run_id, scenario_id, trial, status, intent, channel, frt_ms, resolution_ms, resolution, result)
            VALUES (\(c.runID), \(c.scenarioID), \(c.trial), \(c.status), \(c.intent), \(c.channel), \(c.frtMs), \(c.resolutionMs),
                \(c.resolution), \(c.result))
            RETURNING id
            """).first?.decode(Int64.self)
        else { throw HistoryError(path: "", reason: "the server returned no id for the conversation \(c.scenarioID)") }
        var checks = MultiRowInsert(table: "checks", columns: ["conversation_id", "kind", "passed", "turn", "expected", "actual", "note"])
        for k in rows.checks { checks.add([id, k.kind, k.passed, k.turn, k.expected, k.actual, k.note]) }
        try checks.run(s)
        var findings = MultiRowInsert(table: "findings",
                                      columns: ["conversation_id", "kind", "name", "severity", "turn", "detail", "sentence", "waived"])
        for f in rows.findings { findings.add([id, f.kind, f.name, f.severity, f.turn, f.detail, f.sentence, f.waived]) }
        try findings.run(s)
    }

    private static func insert(_ metrics: [StoredMetric], _ s: PostgresStatements) throws {
        var insert = MultiRowInsert(table: "metrics", columns: ["run_id", "name", "value", "successes", "n"])
        for m in metrics { insert.add([m.runID, m.name, m.value, m.successes, m.n]) }
        try insert.run(s)
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…)`: many rows in one round trip, in batches that
/// keep under the protocol's limit of 65,535 binds.
struct MultiRowInsert {
    typealias Value = (any PostgresDynamicTypeEncodable)?
    let table: String
    let columns: [String]
    private var rows: [[Value]] = []

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    mutating func add(_ row: [Value]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    func run(_ s: PostgresStatements) throws {
        let perBatch = 60_000 / max(columns.count, 1)
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + perBatch, rows.count)]
            var binds = PostgresBindings(capacity: batch.count * columns.count)
            var tuples: [String] = []
            for row in batch {
                let first = binds.count
                for value in row {
                    if let value { binds.append(value) } else { binds.appendNull() }
                }
                tuples.append("(" + (1...row.count).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + tuples.joined(separator: ", ")
            try s.query(PostgresQuery(unsafeSQL: sql, binds: binds))
            start += perBatch
        }
    }
}
