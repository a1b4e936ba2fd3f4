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

    public func json(_ run: RunRecord) -> JSONValue {
        var scenarios = run.results.map(Self.scenario)
        scenarios += run.invalid.map { inv in
            ["id": .string(inv.id), "file": .string(inv.file), "trial": 1, "status": "invalid", "checks": [],
             "violations": [], "hallucinations": [], "transcript": [], "audit": [],
             "errors": .array(inv.diagnostics.map { .string($0.description) })]
        }
        return [
            "run": Self.info(run.info),
            "metrics": run.metrics,
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
        return .object(o)
    }

    public static func scenario(_ r: ScenarioResult) -> JSONValue {
        let rec = r.record
        var o: [String: JSONValue] = [
            "id": .string(r.id), "title": .string(rec.scenario.title), "file": .string(rec.scenario.file),
            "tags": .array(rec.scenario.tags.map { .string($0) }), "channel": .string(rec.scenario.channel.rawValue),
            "intent": .string(rec.scenario.primaryIntent), "trial": .number(Decimal(r.trial)),
            "status": .string(r.status.rawValue),
            "checks": .array(r.checks.map(\.json)),
            "violations": .array(r.violations.map { v in
                ["policy": .string(v.policy), "severity": .string(v.severity.rawValue),
                 "turn": v.turn.map { .number(Decimal($0)) } ?? .null, "evidence": .string(v.evidence), "waived": .bool(v.waived)]
            }),
            "hallucinations": .array(r.hallucinations.map { h in
                ["turn": .number(Decimal(h.turn)), "claim": .string(h.claim), "kind": .string(h.kind),
                 "sentence": .string(h.sentence), "compared_with": .string(h.comparedWith)]
            }),
            "escalated": .bool(rec.escalated),
            "handoff": rec.handoff?.json ?? .null,
            "resolution": .string(rec.resolution.rawValue),
            "end_reason": .string(rec.endReason.rawValue),
            "frt_ms": rec.frtMs.map { .number(Decimal($0)) } ?? .null,
            "resolution_ms": rec.resolution == .resolved ? .number(Decimal(rec.durationMs)) : .null,
            "duration_ms": .number(Decimal(rec.durationMs)),
            "transcript": .array(rec.transcript.map { transcriptEntry($0, start: rec.start) }),
            "audit": .array(rec.audit.map { audit($0, start: rec.start) }),
        ]
        if let e = rec.error { o["error"] = .string(e) }
        return .object(o)
    }

    /// `AuditEntry.json(start:)` with the fast date formatter (ReportDates); a test checks
    /// that the two agree for every call of the bundled suite.
    static func audit(_ a: AuditEntry, start: Date) -> JSONValue {
        var o: [String: JSONValue] = [
            "seq": .number(Decimal(a.seq)), "at": .string(ReportDates.formatDateTime(start.addingTimeInterval(Double(a.atMs) / 1000))),
            "at_ms": .number(Decimal(a.atMs)), "operation": .string(a.operation), "args": .object(a.arguments),
            "latency_ms": .number(Decimal(a.latencyMs)), "ok": .bool(a.succeeded),
        ]
        switch a.outcome {
        case .success(let r): o["result"] = r
        case .failure(let e): o["error"] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        }
        if let actor = a.actor { o["actor"] = .string(actor) }
        return .object(o)
    }

    static func transcriptEntry(_ t: TranscriptEntry, start: Date) -> JSONValue {
        var o: [String: JSONValue] = [
            "role": .string(t.speaker.rawValue), "text": .string(t.text), "turn": .number(Decimal(t.turn)),
            "scripted_turn": .number(Decimal(t.scriptedTurn)), "scripted": .bool(t.scripted),
            "at_ms": .number(Decimal(t.atMs)), "at": .string(ReportDates.formatDateTime(start.addingTimeInterval(Double(t.atMs) / 1000))),
        ]
        if let reply = t.reply {
            if let i = reply.intent { o["intent"] = .string(i) }
            if let c = reply.confidence { o["confidence"] = .number(c) }
            if let e = reply.escalate { o["escalate"] = e.json }
            if !reply.citations.isEmpty { o["citations"] = .array(reply.citations.map { .string($0) }) }
            if let u = reply.usage {
                o["usage"] = ["input_tokens": .number(Decimal(u.inputTokens)), "output_tokens": .number(Decimal(u.outputTokens))]
            }
            if !reply.trace.isEmpty {
                o["trace"] = .array(reply.trace.map { ["agent": .string($0.agent), "decision": .string($0.decision)] })
            }
            o["calls"] = .array(t.auditRange.map { .number(Decimal($0)) })
        }
        return .object(o)
    }
}
