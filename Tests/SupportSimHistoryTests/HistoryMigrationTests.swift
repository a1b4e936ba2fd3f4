import Foundation
import GRDB
import SupportSimHistory
import SupportSimHistoryPostgres
import SupportSimTesting
import Testing

/// A history written by an older build (schema v1: tables, no append-only rules) is upgraded in
/// place when a writer opens it, and keeps every row. The old schema is written out here by
/// hand, frozen, so that a later change of the migrations cannot quietly change what "older" is.
struct HistoryMigrationTests {
    static let hostname = ProcessIdentity.current.hostname

    /// The rows of an older history: a complete run with checks, findings and metrics, and a run
    /// whose process died (pid 999999999) with the one conversation it stored.
    static let rows = [
        """
        INSERT INTO runs (id, started_at, finished_at, suite, agent, status, repeat_count, filters, pid, hostname, pass_rate, passed, gates, metrics)
        VALUES ('old-complete', '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z', 'Acme mini', 'reference', 'complete', 1,
                '[]', 1, 'another-host', 0.5, BOOLEAN_FALSE, '[]', '{"scenario_pass_rate":{"n":2,"successes":1,"value":0.5}}')
        """,
        """
        INSERT INTO runs (id, started_at, suite, agent, status, repeat_count, filters, pid, hostname)
        VALUES ('old-killed', '2026-01-02T00:00:00.000Z', 'Acme mini', 'reference', 'running', 1, '["orders/*"]', 999999999, 'HOSTNAME')
        """,
        """
        INSERT INTO conversations (run_id, scenario_id, trial, status, intent, channel, frt_ms, result)
        VALUES ('old-complete', 'a', 1, 'pass', 'order.status', 'chat', 120, '{"id":"a","status":"pass","trial":1}'),
               ('old-complete', 'b', 1, 'fail', 'billing.refund', 'email', 340, '{"id":"b","status":"fail","trial":1}'),
               ('old-killed', 'a', 1, 'pass', 'order.status', 'chat', 130, '{"id":"a","status":"pass","trial":1}')
        """,
        """
        INSERT INTO checks (conversation_id, kind, passed, turn, expected, actual)
        SELECT id, 'intent', BOOLEAN_TRUE, 1, '"order.status"', '"order.status"' FROM conversations WHERE scenario_id = 'a'
        """,
        """
        INSERT INTO findings (conversation_id, kind, name, severity, turn, detail, waived)
        SELECT id, 'violation', 'no-refund-over-limit', 'critical', 2, 'refunded 500', BOOLEAN_FALSE FROM conversations
        WHERE run_id = 'old-complete' AND scenario_id = 'b'
        """,
        "INSERT INTO metrics (run_id, name, value, successes, n) VALUES ('old-complete', 'scenario_pass_rate', 0.5, 1, 2)",
    ]

    static func rows(true t: String, false f: String) -> [String] {
        rows.map { $0.replacingOccurrences(of: "BOOLEAN_TRUE", with: t).replacingOccurrences(of: "BOOLEAN_FALSE", with: f)
            .replacingOccurrences(of: "HOSTNAME", with: hostname) }
    }

    @Test(arguments: HistoryBackend.available)
    func anOlderSchemaIsMigratedInPlaceAndKeepsItsRuns(_ backend: HistoryBackend) async throws {
        try await backend.withScratch { scratch in
            switch backend {
            case .sqlite:
                try Self.writeOldSQLite(at: try #require(scratch.sqlite))
            case .postgres:
                let address = try #require(scratch.postgres)
                try PostgresScratchDatabase.execute(Self.postgresV1 + [
                    "CREATE TABLE schema_migrations (identifier TEXT PRIMARY KEY NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                    "INSERT INTO schema_migrations (identifier) VALUES ('v1-runs-and-conversations')",
                ] + Self.rows(true: "true", false: "false"), on: address)
            }
            let reader = try #require(throws: HistoryError.self) { try scratch.openReadOnly() }
            #expect(reader.reason.contains("older supportsim"), "a reader may not upgrade it, and says how to")

            let store = try scratch.open()
            let runs = try store.runs()
            #expect(runs.map(\.id) == ["old-killed", "old-complete"])
            #expect(runs.map(\.status) == [.incomplete, .complete], "the dead writer's run is marked once the rules allow it")
            let complete = try #require(runs.last)
            #expect(complete.passRate == 0.5 && complete.passed == false && complete.metricsJSON?["scenario_pass_rate"]?["n"] == 2)
            let conversations = try store.conversations(runID: "old-complete")
            #expect(conversations.map(\.result) == ["{\"id\":\"a\",\"status\":\"pass\",\"trial\":1}", "{\"id\":\"b\",\"status\":\"fail\",\"trial\":1}"])
            #expect(conversations.map(\.frtMs) == [120, 340] && conversations.map(\.channel) == ["chat", "email"])
            let a = try #require(conversations.first?.id), b = try #require(conversations.last?.id)
            #expect(try store.checks(conversationID: a).map(\.passed) == [true])
            #expect(try store.findings(conversationID: b).map(\.name) == ["no-refund-over-limit"])
            #expect(try store.metrics(runID: "old-complete")["scenario_pass_rate"]?.successes == 1)
            #expect(try store.conversations(runID: "old-killed").count == 1, "the killed run keeps its conversation")
            // The upgrade brought the append-only rules, and a new run is stored as usual.
            #expect(throws: (any Error).self) { try store.executeForTesting("DELETE FROM conversations") }
            #expect(throws: (any Error).self) { try store.executeForTesting("UPDATE runs SET agent = 'x' WHERE id = 'old-complete'") }
            let suite = try SyntheticRuns.suite(copies: 1)
            try await SyntheticRuns.run(SyntheticRuns.agent(), suite: suite, store: store, at: HistoryStoreTests.t0)
            #expect(try store.runs().count == 3)
            // Opening again applies nothing twice.
            #expect(try scratch.open().runs().count == 3)
            #expect(try scratch.openReadOnly().runs().count == 3)
        }
    }

    @Test(.enabled(if: HistoryBackend.available.contains(.postgres), Comment(rawValue: HistoryBackend.missingServer)))
    func aHistoryWrittenByANewerBuildIsRefusedRatherThanWritten() async throws {
        try await HistoryBackend.postgres.withScratch { scratch in
            let store = try scratch.open()
            try store.executeForTesting("INSERT INTO schema_migrations (identifier) VALUES ('v99-from-the-future')")
            for open in [scratch.open, scratch.openReadOnly] {
                let error = try #require(throws: HistoryError.self) { try open() }
                #expect(error.reason.contains("newer supportsim") && error.reason.contains("v99-from-the-future"))
            }
        }
    }

    static func writeOldSQLite(at url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: Self.sqliteV1)
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-runs-and-conversations')")
            for sql in Self.rows(true: "1", false: "0") { try db.execute(sql: sql) }
        }
        try queue.close()
    }

    static let sqliteV1 = """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, suite TEXT NOT NULL, agent TEXT NOT NULL,
            git_commit TEXT, config_hash TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
            repeat_count INTEGER NOT NULL, filters TEXT NOT NULL, pid INTEGER, hostname TEXT, process_start TEXT,
            pass_rate REAL, passed INTEGER, gates TEXT, metrics TEXT);
        CREATE INDEX runs_by_suite ON runs(suite, started_at);
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id), scenario_id TEXT NOT NULL,
            trial INTEGER NOT NULL, status TEXT NOT NULL, intent TEXT, channel TEXT, frt_ms INTEGER, resolution_ms INTEGER,
            resolution TEXT, result TEXT NOT NULL, UNIQUE (run_id, scenario_id, trial));
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL, passed INTEGER, turn INTEGER, expected TEXT NOT NULL, actual TEXT NOT NULL, note TEXT);
        CREATE INDEX checks_by_conversation ON checks(conversation_id);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL CHECK (kind IN ('violation', 'hallucination')), name TEXT NOT NULL, severity TEXT,
            turn INTEGER, detail TEXT NOT NULL, sentence TEXT, waived INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX findings_by_conversation ON findings(conversation_id);
        CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value REAL, successes INTEGER, n INTEGER,
            PRIMARY KEY (run_id, name));
        """

    static let postgresV1 = [
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, suite TEXT NOT NULL, agent TEXT NOT NULL,
            git_commit TEXT, config_hash TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
            repeat_count BIGINT NOT NULL, filters TEXT NOT NULL, pid BIGINT, hostname TEXT, process_start TEXT,
            pass_rate DOUBLE PRECISION, passed BOOLEAN, gates TEXT, metrics TEXT)
        """,
        "CREATE INDEX runs_by_suite ON runs(suite, started_at)",
        """
        CREATE TABLE conversations (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id),
            scenario_id TEXT NOT NULL, trial BIGINT NOT NULL, status TEXT NOT NULL, intent TEXT, channel TEXT, frt_ms BIGINT,
            resolution_ms BIGINT, resolution TEXT, result TEXT NOT NULL, UNIQUE (run_id, scenario_id, trial))
        """,
        """
        CREATE TABLE checks (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, conversation_id BIGINT NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL, passed BOOLEAN, turn BIGINT, expected TEXT NOT NULL, actual TEXT NOT NULL, note TEXT)
        """,
        "CREATE INDEX checks_by_conversation ON checks(conversation_id)",
        """
        CREATE TABLE findings (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, conversation_id BIGINT NOT NULL REFERENCES conversations(id),
            kind TEXT NOT NULL CHECK (kind IN ('violation', 'hallucination')), name TEXT NOT NULL, severity TEXT, turn BIGINT,
            detail TEXT NOT NULL, sentence TEXT, waived BOOLEAN NOT NULL DEFAULT false)
        """,
        "CREATE INDEX findings_by_conversation ON findings(conversation_id)",
        """
        CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value DOUBLE PRECISION, successes BIGINT, n BIGINT,
            PRIMARY KEY (run_id, name))
        """,
    ]
}
