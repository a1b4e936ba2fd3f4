import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// One scenario trial of results.json written straight into bytes: the same bytes as
/// `ScenarioResultJSON.encode(r).appendJSON(indent: 2, level:)`, without building the
/// `JSONValue` tree first and sorting every object's keys (for a large run that cost more than
/// the writing). Keys are written in sorted order by hand; nested values that are JSON already
/// (arguments, results, expectations) go through `appendJSON`. `ResultsJSONWriter.render` keeps
/// the tree, and a test holds the two to the same bytes.
struct ScenarioResultBytes {
    static let indent = 2
    var out: [UInt8]

    /// Appends the trial's object, which sits at nesting `level` of the document.
    static func append(_ r: ScenarioResult, to out: inout [UInt8], level: Int) {
        // Swapped in and out, never copied: `out` is the file's megabyte buffer.
        var w = ScenarioResultBytes(out: [])
        swap(&w.out, &out)
        w.scenario(r, level: level)
        swap(&w.out, &out)
    }

    private mutating func scenario(_ r: ScenarioResult, level: Int) {
        let rec = r.record, s = rec.scenario
        var first = true
        let inner = level + 1
        out.append(UInt8(ascii: "{"))
        key("audit", level, &first)
        array(rec.audit, level: inner) { w, a, l in w.audit(a, start: rec.start, level: l) }
        key("channel", level, &first); string(s.channel.rawValue)
        key("checks", level, &first)
        array(r.checks, level: inner) { w, c, l in w.check(c, level: l) }
        if let u = rec.customerUsage {
            key("customer_usage", level, &first)
            value(ScenarioResultJSON.usage(u), level: inner)
        }
        key("duration_ms", level, &first); int(rec.durationMs)
        key("end_reason", level, &first); string(rec.endReason.rawValue)
        if let e = rec.error { key("error", level, &first); string(e) }
        key("escalated", level, &first); bool(rec.escalated)
        key("file", level, &first); string(s.file)
        key("frt_ms", level, &first); optionalInt(rec.frtMs)
        key("hallucinations", level, &first)
        array(r.hallucinations, level: inner) { w, h, l in w.value(ScenarioResultJSON.hallucination(h), level: l) }
        key("handoff", level, &first); value(rec.handoff?.json ?? .null, level: inner)
        key("id", level, &first); string(r.id)
        key("intent", level, &first); string(s.primaryIntent)
        key("resolution", level, &first); string(rec.resolution.rawValue)
        key("resolution_ms", level, &first); optionalInt(rec.resolution == .resolved ? rec.durationMs : nil)
        key("status", level, &first); string(r.status.rawValue)
        key("tags", level, &first)
        array(s.tags, level: inner) { w, t, _ in w.string(t) }
        if let tau = rec.tau { key("tau", level, &first); value(tau.json, level: inner) }
        key("title", level, &first); string(s.title)
        key("transcript", level, &first)
        array(rec.transcript, level: inner) { w, t, l in w.transcriptEntry(t, start: rec.start, level: l) }
        key("trial", level, &first); int(r.trial)
        key("violations", level, &first)
        array(r.violations, level: inner) { w, v, l in w.value(ScenarioResultJSON.violation(v), level: l) }
        close("}", level)
    }

    private mutating func transcriptEntry(_ t: TranscriptEntry, start: Date, level: Int) {
        var first = true
        let inner = level + 1
        out.append(UInt8(ascii: "{"))
        key("at", level, &first); string(ISODate.formatDateTime(start.addingTimeInterval(Double(t.atMs) / 1000)))
        key("at_ms", level, &first); int(t.atMs)
        let reply = t.reply
        if reply != nil {
            key("calls", level, &first)
            array(Array(t.auditRange), level: inner) { w, seq, _ in w.int(seq) }
        }
        if let reply, !reply.citations.isEmpty {
            key("citations", level, &first)
            array(reply.citations, level: inner) { w, c, _ in w.string(c) }
        }
        if let c = reply?.confidence { key("confidence", level, &first); value(.number(c), level: inner) }
        if let e = reply?.escalate { key("escalate", level, &first); value(e.json, level: inner) }
        if let i = reply?.intent { key("intent", level, &first); string(i) }
        key("role", level, &first); string(t.speaker.rawValue)
        key("scripted", level, &first); bool(t.scripted)
        key("scripted_turn", level, &first); int(t.scriptedTurn)
        key("text", level, &first); string(t.text)
        if let reply, !reply.trace.isEmpty {
            key("trace", level, &first)
            array(reply.trace, level: inner) { w, step, l in
                var f = true
                w.out.append(UInt8(ascii: "{"))
                w.key("agent", l, &f); w.string(step.agent)
                w.key("decision", l, &f); w.string(step.decision)
                w.close("}", l)
            }
        }
        key("turn", level, &first); int(t.turn)
        if let u = reply?.usage {
            key("usage", level, &first)
            value(ScenarioResultJSON.usage(u), level: inner)
        }
        close("}", level)
    }

    private mutating func check(_ c: Check, level: Int) {
        var first = true
        let inner = level + 1
        out.append(UInt8(ascii: "{"))
        key("actual", level, &first); value(c.actual, level: inner)
        key("expected", level, &first); value(c.expected, level: inner)
        key("kind", level, &first); string(c.kind)
        if let note = c.note { key("note", level, &first); string(note) }
        key("passed", level, &first)
        if let passed = c.passed { bool(passed) } else { out.append(contentsOf: "null".utf8) }
        key("turn", level, &first); optionalInt(c.turn)
        close("}", level)
    }

    private mutating func audit(_ a: AuditEntry, start: Date, level: Int) {
        var first = true
        let inner = level + 1
        out.append(UInt8(ascii: "{"))
        if let actor = a.actor { key("actor", level, &first); string(actor) }
        key("args", level, &first); value(.object(a.arguments), level: inner)
        key("at", level, &first); string(ISODate.formatDateTime(start.addingTimeInterval(Double(a.atMs) / 1000)))
        key("at_ms", level, &first); int(a.atMs)
        if case .failure(let e) = a.outcome {
            key("error", level, &first)
            value(["code": .string(e.code.rawValue), "message": .string(e.message)], level: inner)
        }
        key("latency_ms", level, &first); int(a.latencyMs)
        key("ok", level, &first); bool(a.succeeded)
        key("operation", level, &first); string(a.operation)
        if case .success(let result) = a.outcome { key("result", level, &first); value(result, level: inner) }
        key("seq", level, &first); int(a.seq)
        close("}", level)
    }

    // MARK: - The pretty-printer's layout (JSONValue.appendJSON with indent 2)

    /// A field of an object at `level`: its key on a new line one level in.
    private mutating func key(_ name: StaticString, _ level: Int, _ first: inout Bool) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        newline(level + 1)
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: "\": ".utf8)
    }

    /// An array at `level`: `[]` when empty, else an element per line one level in.
    private mutating func array<T>(_ items: [T], level: Int, _ element: (inout ScenarioResultBytes, T, Int) -> Void) {
        if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            newline(level + 1)
            element(&self, item, level + 1)
        }
        close("]", level)
    }

    private mutating func close(_ bracket: Unicode.Scalar, _ level: Int) {
        newline(level)
        out.append(UInt8(ascii: bracket))
    }

    private mutating func newline(_ level: Int) {
        JSONValue.appendNewline(indentedBy: Self.indent * level, to: &out)
    }

    private mutating func value(_ v: JSONValue, level: Int) { v.appendJSON(to: &out, indent: Self.indent, level: level) }
    private mutating func string(_ s: String) { JSONValue.appendJSONString(s, to: &out) }
    private mutating func int(_ n: Int) { out.append(contentsOf: String(n).utf8) }
    private mutating func optionalInt(_ n: Int?) { if let n { int(n) } else { out.append(contentsOf: "null".utf8) } }
    private mutating func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }
}
