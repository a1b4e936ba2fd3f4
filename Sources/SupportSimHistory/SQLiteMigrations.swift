import GRDB

/// The history schema in SQLite, as GRDB migrations named as in `HistorySchema` (GRDB records the
/// applied ones in its `grdb_migrations` table): a database written by an older build is upgraded
/// in place and never rebuilt, since it holds the only copy of past runs.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration(HistorySchema.migrations[0]) { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    suite TEXT NOT NULL,
                    agent TEXT NOT NULL,
                    git_commit TEXT,
                    config_hash TEXT,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
                    repeat_count INTEGER NOT NULL,
                    filters TEXT NOT NULL,
                    pid INTEGER,
                    hostname TEXT,
                    process_start TEXT,
                    pass_rate REAL,
                    passed INTEGER,
                    gates TEXT,
                    metrics TEXT
                );
                CREATE INDEX runs_by_suite ON runs(suite, started_at);
                CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL REFERENCES runs(id),
                    scenario_id TEXT NOT NULL,
                    trial INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    intent TEXT,
                    channel TEXT,
                    frt_ms INTEGER,
                    resolution_ms INTEGER,
                    resolution TEXT,
                    result TEXT NOT NULL,
                    UNIQUE (run_id, scenario_id, trial)
                );
                CREATE TABLE checks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    kind TEXT NOT NULL,
                    passed INTEGER,
                    turn INTEGER,
                    expected TEXT NOT NULL,
                    actual TEXT NOT NULL,
                    note TEXT
                );
                CREATE INDEX checks_by_conversation ON checks(conversation_id);
                CREATE TABLE findings (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    kind TEXT NOT NULL CHECK (kind IN ('violation', 'hallucination')),
                    name TEXT NOT NULL,
                    severity TEXT,
                    turn INTEGER,
                    detail TEXT NOT NULL,
                    sentence TEXT,
                    waived INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX findings_by_conversation ON findings(conversation_id);
                CREATE TABLE metrics (
                    run_id TEXT NOT NULL REFERENCES runs(id),
                    name TEXT NOT NULL,
                    value REAL,
                    successes INTEGER,
                    n INTEGER,
                    PRIMARY KEY (run_id, name)
                );
                """)
        }
        // metrics.md: nothing written by an earlier run is ever altered or lost. The database
        // enforces it, so that no later code path (or hand-written SQL) can break the promise:
        // rows are only inserted, and a run may change only while it is `running`, and then only
        // its outcome columns.
        m.registerMigration(HistorySchema.migrations[1]) { db in
            for table in ["runs", "conversations", "checks", "findings", "metrics"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_never_deleted BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the run history is append-only: \(table) rows are never deleted'); END;
                    """)
            }
            for table in ["conversations", "checks", "findings", "metrics"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_never_updated BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the run history is append-only: \(table) rows are never changed'); END;
                    """)
            }
            try db.execute(sql: """
                CREATE TRIGGER runs_final_once_finished BEFORE UPDATE ON runs WHEN OLD.status <> 'running'
                BEGIN SELECT RAISE(ABORT, 'the run history is append-only: a finished run is never changed'); END;
                CREATE TRIGGER runs_identity_fixed
                BEFORE UPDATE OF id, started_at, suite, agent, git_commit, config_hash, repeat_count, filters,
                    pid, hostname, process_start ON runs
                BEGIN SELECT RAISE(ABORT, 'the run history is append-only: a run''s identity is never changed'); END;
                CREATE TRIGGER conversations_only_while_running BEFORE INSERT ON conversations
                WHEN (SELECT status FROM runs WHERE id = NEW.run_id) IS NOT 'running'
                BEGIN SELECT RAISE(ABORT, 'conversations are recorded only into a running run'); END;
                CREATE TRIGGER metrics_only_while_running BEFORE INSERT ON metrics
                WHEN (SELECT status FROM runs WHERE id = NEW.run_id) IS NOT 'running'
                BEGIN SELECT RAISE(ABORT, 'metrics are recorded only into a running run'); END;
                """)
        }
        return m
    }
}
