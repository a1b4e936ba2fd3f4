import Foundation
import PostgresNIO
import SupportSimHistory

/// Reading the history back: the queries of `SQLiteHistory+Queries`, in the same orders.
extension PostgresHistory {
    public func runs(suite: String?, limit: Int?) throws -> [StoredRun] {
        try session.withStatements { s in
            var query: PostgresQuery = "SELECT \(unescaped: Self.shownColumns) FROM runs"
            if let suite { query = "SELECT \(unescaped: Self.shownColumns) FROM runs WHERE suite = \(suite)" }
            query.sql += " ORDER BY started_at DESC, id DESC"
            if let limit { query.sql += " LIMIT \(max(limit, 0))" }
            return try s.query(query).map(PostgresRows.runAndWriter)
        }.map(shown)
    }

    public func run(id: String) throws -> StoredRun? {
        try session.withStatements { s in
            try s.query("SELECT \(unescaped: Self.shownColumns) FROM runs WHERE id = \(id)").first.map(PostgresRows.runAndWriter)
        }.map(shown)
    }

    private static let shownColumns = PostgresRows.runColumns + ", " + PostgresWriterLocks.writerConnectedColumn

    /// A read-only store cannot mark abandoned runs; it shows them as they would be marked.
    private func shown(_ row: (StoredRun, connected: Bool)) -> StoredRun {
        let (run, connected) = row
        guard readOnly, run.status == .running, run.writerIsGone || !connected else { return run }
        var shown = run
        shown.status = .incomplete
        return shown
    }

    public func completeRuns(suite: String, before run: StoredRun?, limit: Int) throws -> [StoredRun] {
        try session.withStatements { s in
            let query: PostgresQuery
            if let run {
                query = """
                    SELECT \(unescaped: PostgresRows.runColumns) FROM runs
                    WHERE suite = \(suite) AND status = 'complete'
                        AND (started_at < \(run.startedAt) OR (started_at = \(run.startedAt) AND id < \(run.id)))
                    ORDER BY started_at DESC, id DESC LIMIT \(limit)
                    """
            } else {
                query = """
                    SELECT \(unescaped: PostgresRows.runColumns) FROM runs WHERE suite = \(suite) AND status = 'complete'
                    ORDER BY started_at DESC, id DESC LIMIT \(limit)
                    """
            }
            return try s.query(query).map(PostgresRows.run)
        }
    }

    public func conversations(runID: String) throws -> [StoredConversation] {
        try session.withStatements { s in
            try s.query("""
                SELECT \(unescaped: PostgresRows.conversationColumns) FROM conversations WHERE run_id = \(runID)
                ORDER BY scenario_id, trial
                """).map(PostgresRows.conversation)
        }
    }

    public func checks(conversationID: Int64) throws -> [StoredCheck] {
        try session.withStatements { s in
            try s.query("""
                SELECT \(unescaped: PostgresRows.checkColumns) FROM checks WHERE conversation_id = \(conversationID) ORDER BY id
                """).map(PostgresRows.check)
        }
    }

    public func findings(conversationID: Int64) throws -> [StoredFinding] {
        try session.withStatements { s in
            try s.query("""
                SELECT \(unescaped: PostgresRows.findingColumns) FROM findings WHERE conversation_id = \(conversationID) ORDER BY id
                """).map(PostgresRows.finding)
        }
    }

    public func metrics(runID: String) throws -> [String: StoredMetric] {
        let rows = try session.withStatements { s in
            try s.query("SELECT \(unescaped: PostgresRows.metricColumns) FROM metrics WHERE run_id = \(runID)").map(PostgresRows.metric)
        }
        return Dictionary(rows.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func conversationCounts(runID: String) throws -> (passed: Int, total: Int) {
        let counts = try session.withStatements { s in
            try s.query("""
                SELECT count(*) FILTER (WHERE status = 'pass'), count(*) FROM conversations WHERE run_id = \(runID)
                """).first?.decode((Int, Int).self)
        }
        return (counts?.0 ?? 0, counts?.1 ?? 0)
    }
}

// MARK: - For the package's tests

extension PostgresHistory {
    package func executeForTesting(_ sql: String) throws {
        try session.withStatements { s in try s.execute(sql) }
    }

    package func dumpForTesting(runID: String) throws -> [String] {
        try session.withStatements { s in
            let queries: [PostgresQuery] = [
                "SELECT * FROM runs WHERE id = \(runID)",
                "SELECT * FROM conversations WHERE run_id = \(runID) ORDER BY id",
                "SELECT * FROM checks WHERE conversation_id IN (SELECT id FROM conversations WHERE run_id = \(runID)) ORDER BY id",
                "SELECT * FROM findings WHERE conversation_id IN (SELECT id FROM conversations WHERE run_id = \(runID)) ORDER BY id",
                "SELECT * FROM metrics WHERE run_id = \(runID) ORDER BY name",
            ]
            return try queries.flatMap { q in try s.query(q).map(PostgresRows.text) }
        }
    }
}
