import Foundation
import GRDB
import SupportSimCore

/// Reading the history back: run listings, one run's conversations, and the runs drift compares.
extension SQLiteHistory {
    public func runs(suite: String?, limit: Int?) throws -> [StoredRun] {
        try writer.read { db in
            var request = StoredRun.all()
            if let suite { request = request.filter(Column("suite") == suite) }
            request = request.order(Column("started_at").desc, Column("id").desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }.map(shownStatus)
    }

    /// A read-only store cannot mark abandoned runs; it shows them as they would be marked.
    private func shownStatus(_ run: StoredRun) -> StoredRun { readOnly ? run.shownToReader : run }

    public func run(id: String) throws -> StoredRun? {
        try writer.read { db in try StoredRun.fetchOne(db, key: id) }.map(shownStatus)
    }

    public func completeRuns(suite: String, before run: StoredRun?, limit: Int) throws -> [StoredRun] {
        try writer.read { db in
            var request = StoredRun.filter(Column("suite") == suite && Column("status") == RunStatus.complete.rawValue)
            if let run {
                request = request.filter(Column("started_at") < run.startedAt
                                         || (Column("started_at") == run.startedAt && Column("id") < run.id))
            }
            return try request.order(Column("started_at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func conversations(runID: String) throws -> [StoredConversation] {
        try writer.read { db in
            try StoredConversation.filter(Column("run_id") == runID)
                .order(Column("scenario_id"), Column("trial")).fetchAll(db)
        }
    }

    public func checks(conversationID: Int64) throws -> [StoredCheck] {
        try writer.read { db in
            try StoredCheck.filter(Column("conversation_id") == conversationID).order(Column("id")).fetchAll(db)
        }
    }

    public func findings(conversationID: Int64) throws -> [StoredFinding] {
        try writer.read { db in
            try StoredFinding.filter(Column("conversation_id") == conversationID).order(Column("id")).fetchAll(db)
        }
    }

    public func metrics(runID: String) throws -> [String: StoredMetric] {
        try writer.read { db in
            let rows = try StoredMetric.filter(Column("run_id") == runID).fetchAll(db)
            return Dictionary(rows.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func conversationCounts(runID: String) throws -> (passed: Int, total: Int) {
        try writer.read { db in
            let total = try StoredConversation.filter(Column("run_id") == runID).fetchCount(db)
            let passed = try StoredConversation.filter(Column("run_id") == runID && Column("status") == "pass").fetchCount(db)
            return (passed, total)
        }
    }
}

extension StoredRun {
    public var metricsJSON: JSONValue? { metrics.flatMap { try? JSONValue.parse($0) } }
    public var gatesJSON: [JSONValue] { gates.flatMap { try? JSONValue.parse($0) }?.arrayValue ?? [] }
    public var filterList: [String] {
        (try? JSONValue.parse(filters))?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}

extension StoredConversation {
    public var resultJSON: JSONValue { (try? JSONValue.parse(result)) ?? .null }
}

// MARK: - For the package's tests

extension SQLiteHistory {
    package func executeForTesting(_ sql: String) throws {
        try writer.write { try $0.execute(sql: sql) }
    }

    package func dumpForTesting(runID: String) throws -> [String] {
        try writer.read { db in
            let queries = [
                "SELECT * FROM runs WHERE id = ?",
                "SELECT * FROM conversations WHERE run_id = ? ORDER BY id",
                "SELECT * FROM checks WHERE conversation_id IN (SELECT id FROM conversations WHERE run_id = ?) ORDER BY id",
                "SELECT * FROM findings WHERE conversation_id IN (SELECT id FROM conversations WHERE run_id = ?) ORDER BY id",
                "SELECT * FROM metrics WHERE run_id = ? ORDER BY name",
            ]
            return try queries.flatMap { sql in try Row.fetchAll(db, sql: sql, arguments: [runID]).map(\.description) }
        }
    }
}
