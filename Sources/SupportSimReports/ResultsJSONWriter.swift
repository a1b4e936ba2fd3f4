import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// `results.json` (metrics.md, "Outputs of a run"): for other programs. Keys are sorted and every
/// value comes from the virtual clock, so two runs of the same suite and agent differ only in
/// the run id and the wall-clock fields under `run`.
public struct ResultsJSONWriter: ReportWriter {
    public init() {}
    public var fileName: String { "results.json" }

    public func render(_ run: RunRecord) -> String { json(run).prettyJSONText() }

    /// The same bytes as `render`, written a conversation at a time: the whole document is never
    /// held as one tree or one string (a 10,000-conversation file is ~65 MB). The top-level keys
    /// are written in sorted order by hand, `scenarios` last.
    public func write(_ run: RunRecord, to file: URL) throws {
        let f = try StreamedFile(file)
        f.append("{\n  \"gates\": ")
        JSONValue.array(run.gates.map(\.json)).appendJSON(to: &f.buffer, indent: 2, level: 1)
        f.append(",\n  \"metrics\": ")
        run.metrics.json.appendJSON(to: &f.buffer, indent: 2, level: 1)
        f.append(",\n  \"passed\": \(run.passed)")
        f.append(",\n  \"run\": ")
        Self.info(run.info).appendJSON(to: &f.buffer, indent: 2, level: 1)
        f.append(",\n  \"scenarios\": ")
        if run.results.isEmpty && run.invalid.isEmpty {
            f.append("[]")
        } else {
            f.append("[")
            var first = true
            func item(_ value: JSONValue) throws {
                f.append(first ? "\n    " : ",\n    ")
                first = false
                value.appendJSON(to: &f.buffer, indent: 2, level: 2)
                try f.flushIfFull()
            }
            // A batch at a time, its conversations encoded on every core and joined in order:
            // the file is the same, and it is most of the time of a large run's reports.
            try ParallelEncoding.forEachBatch(run.results, ReportPieces.resultsJSON) { parts in
                for part in parts {
                    f.append(first ? "\n    " : ",\n    ")
                    first = false
                    f.buffer.append(contentsOf: part)
                }
                try f.flushIfFull()
            }
            for inv in run.invalid { try item(Self.invalid(inv)) }
            f.append("\n  ]")
        }
        f.append("\n}\n")
        try f.finish()
    }

    public func json(_ run: RunRecord) -> JSONValue {
        var scenarios = run.results.map(Self.scenario)
        scenarios += run.invalid.map(Self.invalid)
        return [
            "run": Self.info(run.info),
            "metrics": run.metrics.json,
            "gates": .array(run.gates.map(\.json)),
            "passed": .bool(run.passed),
            "scenarios": .array(scenarios),
        ]
    }

    static func info(_ info: RunInfo) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(info.id), "suite": .string(info.suite), "agent": .string(info.agent),
            "started_at": .string(ISODate.formatDateTime(info.startedAt)),
            "finished_at": .string(ISODate.formatDateTime(info.finishedAt)),
            "wall_ms": .number(Decimal(Int(info.finishedAt.timeIntervalSince(info.startedAt) * 1000))),
            "repeat": .number(Decimal(info.repeatCount)), "filters": .array(info.filters.map { .string($0) }),
            "schema": 1,
        ]
        if let c = info.gitCommit { o["git_commit"] = .string(c) }
        if let b = info.budgetStop {
            o["budget"] = ["max_cost": .number(b.maxCost), "spent": .number(b.spent), "planned": .number(Decimal(b.planned)),
                           "played": .number(Decimal(b.played))]
        }
        return .object(o)
    }

    /// A spooled conversation's object is its piece read back: its result keeps no transcript.
    public static func scenario(_ r: ScenarioResult) -> JSONValue {
        guard let s = r.spooled else { return ScenarioResultJSON.encode(r) }
        do {
            return try JSONValue.parse(String(decoding: try s.spool.read(s.resultsJSON), as: UTF8.self))
        } catch {
            return ["id": .string(r.id), "trial": .number(Decimal(r.trial)), "status": "error",
                    "error": .string("its spooled piece of results.json cannot be read: \(error)")]
        }
    }

    static func invalid(_ inv: InvalidScenario) -> JSONValue {
        ["id": .string(inv.id), "file": .string(inv.file), "trial": 1, "status": "invalid", "checks": [],
         "violations": [], "hallucinations": [], "transcript": [], "audit": [],
         "errors": .array(inv.diagnostics.map { .string($0.description) })]
    }
}
