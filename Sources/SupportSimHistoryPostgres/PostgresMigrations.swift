import Foundation
import SupportSimHistory

/// The history schema in PostgreSQL: the migrations of `HistorySchema`, with the same tables,
/// columns and append-only rules as SQLite's (`SQLiteMigrations`). The applied ones are recorded
/// in `schema_migrations`. Migrating takes a transaction-scoped advisory lock, so that many CI
/// jobs opening a new database at once migrate it once, one after the other; DDL is
/// transactional, so a migration is applied whole or not at all.
enum PostgresMigrations {
    /// Statements of each migration, by `HistorySchema.migrations` name.
    static let statements: [(id: String, sql: [String])] = [
        (HistorySchema.migrations[0], v1),
        (HistorySchema.migrations[1], v2),
    ]

    static let versionTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            identifier TEXT PRIMARY KEY NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
    /// An arbitrary constant: the key of the advisory lock that serializes migrations.
    static let lockKey: Int64 = 0x5375_7070_6f72_7453

    /// Applies the migrations `session`'s database lacks. Throws when it holds one this build does
    /// not know (written by a newer supportsim: writing it could break that one's rules).
    static func migrate(_ session: PostgresSession) throws(HistoryError) {
        try session.transaction { s in
            try s.query("SELECT pg_advisory_xact_lock(\(lockKey))")
            try s.execute(versionTable)
            let applied = Set(try s.query("SELECT identifier FROM schema_migrations").map { try $0.decode(String.self) })
            try refuseNewer(applied)
            for (id, sql) in statements where !applied.contains(id) {
                for statement in sql { try s.execute(statement) }
                try s.query("INSERT INTO schema_migrations (identifier) VALUES (\(id))")
            }
        }
    }

    /// Whether every migration is applied, for a read-only session that may not apply them.
    static func check(_ session: PostgresSession) throws(HistoryError) {
        let applied: Set<String> = try session.withStatements { s in
            let exists = try s.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self) ?? false
            guard exists else { return [] }
            return Set(try s.query("SELECT identifier FROM schema_migrations").map { try $0.decode(String.self) })
        }
        if applied.isEmpty {
            throw HistoryError(path: session.address.redacted,
                               reason: "there is no history there yet; `supportsim run` (or `supportsim history copy`) creates it",
                               isMissing: true)
        }
        try refuseNewer(applied, session: session)
        if !Set(HistorySchema.migrations).isSubset(of: applied) {
            throw HistoryError(path: session.address.redacted, reason: "it was written by an older supportsim; "
                               + "open it once with a command that writes (`supportsim run`) to upgrade it")
        }
    }

    private static func refuseNewer(_ applied: Set<String>, session: PostgresSession? = nil) throws(HistoryError) {
        let unknown = applied.subtracting(HistorySchema.migrations)
        guard unknown.isEmpty else {
            throw HistoryError(path: session?.address.redacted ?? "",
                               reason: "it was written by a newer supportsim (schema \(unknown.sorted().joined(separator: ", "))); "
                               + "upgrade supportsim to use it")
        }
    }

    static let v1 = [
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            suite TEXT NOT NULL,
            agent TEXT NOT NULL,
            git_commit TEXT,
            config_hash TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
            repeat_count BIGINT NOT NULL,
            filters TEXT NOT NULL,
            pid BIGINT,
            hostname TEXT,
            process_start TEXT,
            pass_rate DOUBLE PRECISION,
            passed BOOLEAN,
            gates TEXT,
            metrics TEXT
        )
        """,
        "CREATE INDEX runs_by_suite ON runs(suite, started_at)",
        """
        CREATE TABLE conversations (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id),
            scenario_id TEXT NOT NULL,
            trial BIGINT NOT NULL,
            status TEXT NOT NULL,
            intent TEXT,
            channel TEXT,
            frt_ms BIGINT,
            resolution_ms BIGINT,
            resolution TEXT,
            result TEXT NOT NULL,
            UNIQUE (run_id, scenario_id, trial)
        )
        """,
        """
        CREATE TABLE checks (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_id BIGINT NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL,
            passed BOOLEAN,
            turn BIGINT,
            expected TEXT NOT NULL,
            actual TEXT NOT NULL,
            note TEXT
        )
        """,
        "CREATE INDEX checks_by_conversation ON checks(conversation_id)",
        """
        CREATE TABLE findings (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_id BIGINT NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL CHECK (kind IN ('violation', 'hallucination')),
            name TEXT NOT NULL,
            severity TEXT,
            turn BIGINT,
            detail TEXT NOT NULL,
            sentence TEXT,
            waived BOOLEAN NOT NULL DEFAULT false
        )
        """,
        "CREATE INDEX findings_by_conversation ON findings(conversation_id)",
        """
        CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs(id),
            name TEXT NOT NULL,
            value DOUBLE PRECISION,
            successes BIGINT,
            n BIGINT,
            PRIMARY KEY (run_id, name)
        )
        """,
    ]

    /// metrics.md: nothing written by an earlier run is ever altered or lost. As in SQLite, the
    /// database enforces it: rows are only inserted (no DELETE, no TRUNCATE), and a run may change
    /// only while it is `running`, and then only its outcome columns.
    static let v2: [String] = {
        var sql = [
            """
            CREATE FUNCTION supportsim_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the run history is append-only: % rows are never %', TG_TABLE_NAME,
                CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END; END $$
            """,
            """
            CREATE FUNCTION supportsim_run_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status <> 'running' THEN
                    RAISE EXCEPTION 'the run history is append-only: a finished run is never changed';
                END IF;
                IF (NEW.id, NEW.started_at, NEW.suite, NEW.agent, NEW.git_commit, NEW.config_hash, NEW.repeat_count,
                    NEW.filters, NEW.pid, NEW.hostname, NEW.process_start)
                   IS DISTINCT FROM (OLD.id, OLD.started_at, OLD.suite, OLD.agent, OLD.git_commit, OLD.config_hash,
                    OLD.repeat_count, OLD.filters, OLD.pid, OLD.hostname, OLD.process_start) THEN
                    RAISE EXCEPTION 'the run history is append-only: a run''s identity is never changed';
                END IF;
                RETURN NEW;
            END $$
            """,
            // FOR SHARE: the insert and a concurrent finishing of the same run are serialized.
            """
            CREATE FUNCTION supportsim_only_while_running() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT status FROM runs WHERE id = NEW.run_id FOR SHARE) IS DISTINCT FROM 'running' THEN
                    RAISE EXCEPTION '% are recorded only into a running run', TG_TABLE_NAME;
                END IF;
                RETURN NEW;
            END $$
            """,
        ]
        for table in ["runs", "conversations", "checks", "findings", "metrics"] {
            sql.append("CREATE TRIGGER \(table)_never_deleted BEFORE DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION supportsim_refuse()")
            sql.append("CREATE TRIGGER \(table)_never_truncated BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION supportsim_refuse()")
        }
        for table in ["conversations", "checks", "findings", "metrics"] {
            sql.append("CREATE TRIGGER \(table)_never_updated BEFORE UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION supportsim_refuse()")
        }
        sql.append("CREATE TRIGGER runs_append_only BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION supportsim_run_update()")
        for table in ["conversations", "metrics"] {
            sql.append("CREATE TRIGGER \(table)_only_while_running BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION supportsim_only_while_running()")
        }
        return sql
    }()
}
