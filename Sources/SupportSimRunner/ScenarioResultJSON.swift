import Foundation
import SupportSimCore
import SupportSimScoring

/// A scenario trial in the shape of results.json (metrics.md). Lives here, below both the
/// reports and the history, so that both store exactly the same object.
public enum ScenarioResultJSON {
    public static func encode(_ r: ScenarioResult) -> JSONValue {
        let rec = r.record
        var o: [String: JSONValue] = [
            "id": .string(r.id), "title": .string(rec.scenario.title), "file": .string(rec.scenario.file),
            "tags": .array(rec.scenario.tags.map { .string($0) }), "channel": .string(rec.scenario.channel.rawValue),
            "intent": .string(rec.scenario.primaryIntent), "trial": .number(Decimal(r.trial)),
            "status": .string(r.status.rawValue),
            "checks": .array(r.checks.map(\.json)),
            "violations": .array(r.violations.map(violation)),
            "hallucinations": .array(r.hallucinations.map(hallucination)),
            "escalated": .bool(rec.escalated),
            "handoff": rec.handoff?.json ?? .null,
            "resolution": .string(rec.resolution.rawValue),
            "end_reason": .string(rec.endReason.rawValue),
            "frt_ms": rec.frtMs.map { .number(Decimal($0)) } ?? .null,
            "resolution_ms": rec.resolution == .resolved ? .number(Decimal(rec.durationMs)) : .null,
            "duration_ms": .number(Decimal(rec.durationMs)),
            "transcript": .array(rec.transcript.map { transcriptEntry($0, start: rec.start) }),
            "audit": .array(rec.audit.map { $0.json(start: rec.start) }),
        ]
        if let e = rec.error { o["error"] = .string(e) }
        if let tau = rec.tau { o["tau"] = tau.json }
        if let u = rec.customerUsage {
            o["customer_usage"] = usage(u)
        }
        return .object(o)
    }

    /// The objects results.json shares with its byte writer (`ScenarioResultBytes`).
    public static func violation(_ v: Violation) -> JSONValue {
        ["policy": .string(v.policy), "severity": .string(v.severity.rawValue),
         "turn": v.turn.map { .number(Decimal($0)) } ?? .null, "evidence": .string(v.evidence), "waived": .bool(v.waived)]
    }

    public static func hallucination(_ h: Hallucination) -> JSONValue {
        ["turn": .number(Decimal(h.turn)), "claim": .string(h.claim), "kind": .string(h.kind),
         "sentence": .string(h.sentence), "compared_with": .string(h.comparedWith)]
    }

    public static func usage(_ u: TokenUsage) -> JSONValue {
        ["input_tokens": .number(Decimal(u.inputTokens)), "output_tokens": .number(Decimal(u.outputTokens))]
    }

    static func transcriptEntry(_ t: TranscriptEntry, start: Date) -> JSONValue {
        var o: [String: JSONValue] = [
            "role": .string(t.speaker.rawValue), "text": .string(t.text), "turn": .number(Decimal(t.turn)),
            "scripted_turn": .number(Decimal(t.scriptedTurn)), "scripted": .bool(t.scripted),
            "at_ms": .number(Decimal(t.atMs)), "at": .string(ISODate.formatDateTime(start.addingTimeInterval(Double(t.atMs) / 1000))),
        ]
        if let reply = t.reply {
            if let i = reply.intent { o["intent"] = .string(i) }
            if let c = reply.confidence { o["confidence"] = .number(c) }
            if let e = reply.escalate { o["escalate"] = e.json }
            if !reply.citations.isEmpty { o["citations"] = .array(reply.citations.map { .string($0) }) }
            if let u = reply.usage {
                o["usage"] = usage(u)
            }
            if !reply.trace.isEmpty {
                o["trace"] = .array(reply.trace.map { ["agent": .string($0.agent), "decision": .string($0.decision)] })
            }
            o["calls"] = .array(t.auditRange.map { .number(Decimal($0)) })
        }
        return .object(o)
    }
}
