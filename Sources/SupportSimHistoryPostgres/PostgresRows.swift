import Foundation
import PostgresNIO
import SupportSimHistory

/// The history's records read from PostgreSQL rows, by column name (the columns of
/// `PostgresMigrations`, which are SQLite's).
enum PostgresRows {
    static let runColumns = """
        id, started_at, finished_at, suite, agent, git_commit, config_hash, status, repeat_count, filters, pid, hostname,
        process_start, pass_rate, passed, gates, metrics
        """
    static let conversationColumns = "id, run_id, scenario_id, trial, status, intent, channel, frt_ms, resolution_ms, resolution, result"
    static let checkColumns = "id, conversation_id, kind, passed, turn, expected, actual, note"
    static let findingColumns = "id, conversation_id, kind, name, severity, turn, detail, sentence, waived"
    static let metricColumns = "run_id, name, value, successes, n"

    static func run(_ row: PostgresRow) throws -> StoredRun {
        let r = row.makeRandomAccess()
        let status = try r["status"].decode(String.self)
        guard let runStatus = RunStatus(rawValue: status) else {
            throw HistoryError(path: "", reason: "run \(try r["id"].decode(String.self)) has the unknown status \"\(status)\"")
        }
        return StoredRun(
            id: try r["id"].decode(String.self), startedAt: try r["started_at"].decode(String.self),
            finishedAt: try r["finished_at"].decode(String?.self), suite: try r["suite"].decode(String.self),
            agent: try r["agent"].decode(String.self), gitCommit: try r["git_commit"].decode(String?.self),
            configHash: try r["config_hash"].decode(String?.self), status: runStatus,
            repeatCount: try r["repeat_count"].decode(Int.self), filters: try r["filters"].decode(String.self),
            pid: try r["pid"].decode(Int?.self), hostname: try r["hostname"].decode(String?.self),
            processStart: try r["process_start"].decode(String?.self), passRate: try r["pass_rate"].decode(Double?.self),
            passed: try r["passed"].decode(Bool?.self), gates: try r["gates"].decode(String?.self),
            metrics: try r["metrics"].decode(String?.self))
    }

    /// A run with `PostgresWriterLocks.writerConnectedColumn`.
    static func runAndWriter(_ row: PostgresRow) throws -> (StoredRun, connected: Bool) {
        (try run(row), try row.makeRandomAccess()["writer_connected"].decode(Bool.self))
    }

    static func conversation(_ row: PostgresRow) throws -> StoredConversation {
        let r = row.makeRandomAccess()
        return StoredConversation(
            id: try r["id"].decode(Int64.self), runID: try r["run_id"].decode(String.self),
            scenarioID: try r["scenario_id"].decode(String.self), trial: try r["trial"].decode(Int.self),
            status: try r["status"].decode(String.self), intent: try r["intent"].decode(String?.self),
            channel: try r["channel"].decode(String?.self), frtMs: try r["frt_ms"].decode(Int?.self),
            resolutionMs: try r["resolution_ms"].decode(Int?.self), resolution: try r["resolution"].decode(String?.self),
            result: try r["result"].decode(String.self))
    }

    static func check(_ row: PostgresRow) throws -> StoredCheck {
        let r = row.makeRandomAccess()
        return StoredCheck(
            id: try r["id"].decode(Int64.self), conversationID: try r["conversation_id"].decode(Int64.self),
            kind: try r["kind"].decode(String.self), passed: try r["passed"].decode(Bool?.self),
            turn: try r["turn"].decode(Int?.self), expected: try r["expected"].decode(String.self),
            actual: try r["actual"].decode(String.self), note: try r["note"].decode(String?.self))
    }

    static func finding(_ row: PostgresRow) throws -> StoredFinding {
        let r = row.makeRandomAccess()
        return StoredFinding(
            id: try r["id"].decode(Int64.self), conversationID: try r["conversation_id"].decode(Int64.self),
            kind: try r["kind"].decode(String.self), name: try r["name"].decode(String.self),
            severity: try r["severity"].decode(String?.self), turn: try r["turn"].decode(Int?.self),
            detail: try r["detail"].decode(String.self), sentence: try r["sentence"].decode(String?.self),
            waived: try r["waived"].decode(Bool.self))
    }

    static func metric(_ row: PostgresRow) throws -> StoredMetric {
        let r = row.makeRandomAccess()
        return StoredMetric(
            runID: try r["run_id"].decode(String.self), name: try r["name"].decode(String.self),
            value: try r["value"].decode(Double?.self), successes: try r["successes"].decode(Int?.self),
            n: try r["n"].decode(Int?.self))
    }

    /// A row as text, every column `name=value`, for tests that compare dumps.
    static func text(_ row: PostgresRow) -> String {
        row.map { cell in "\(cell.columnName)=\(text(cell))" }.joined(separator: " ")
    }

    private static func text(_ cell: PostgresCell) -> String {
        if cell.bytes == nil { return "NULL" }
        if let v = try? cell.decode(String.self) { return v }
        if let v = try? cell.decode(Int64.self) { return String(v) }
        if let v = try? cell.decode(Double.self) { return "\(v)" }
        if let v = try? cell.decode(Bool.self) { return "\(v)" }
        return "?"
    }
}
