import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The conversations of report.html as one JSON block, which the page's script reads and
/// renders a row at a time: 10,000 transcripts expanded into the DOM would not open.
///
/// It is written straight into bytes rather than through a `JSONValue` tree, which for a large
/// run costs more than the writing itself. Strings go through `JSONValue.appendJSONString`, which
/// escapes every `<`, so no text can close the `<script>` element or open a comment.
enum HTMLData {
    static func block(_ run: RunRecord, pageSize: Int) -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(run.results.count * 4096 + 1024)
        do {
            try stream(run, pageSize: pageSize) { all.append(contentsOf: $0) }
        } catch {
            // Only a spooled piece that cannot be read back: the page says so instead of
            // listing some conversations and not others.
            var j = JSONBytes()
            j.openObject()
            j.field("page", pageSize)
            j.field("run", run.info.id)
            j.field("error", "\(error)")
            j.strings("conversations", [])
            j.close("}")
            return j.bytes
        }
        return all
    }

    /// The block a batch of conversations at a time: `emit` receives consecutive pieces whose
    /// concatenation is `block`, so a large run's page is written without holding it whole.
    static func stream(_ run: RunRecord, pageSize: Int, _ emit: ([UInt8]) throws -> Void) throws {
        var j = JSONBytes()
        j.openObject()
        j.field("page", pageSize)
        j.field("run", run.info.id)
        j.openArray("conversations")
        try ParallelEncoding.forEachBatch(run.results, ReportPieces.html) { parts in
            j.elements(parts)
            try emit(j.bytes)
            j.bytes.removeAll(keepingCapacity: true)
        }
        for inv in run.invalid {
            j.openObject()
            j.field("key", "\(inv.id)#1")
            j.field("id", inv.id)
            j.field("trial", 1)
            j.field("title", "")
            j.field("file", inv.file)
            j.field("status", "invalid")
            j.field("intent", "")
            j.field("folder", RunRecord.folder(of: inv.id))
            j.strings("tags", [])
            j.strings("reasons", inv.diagnostics.map(\.description))
            j.close("}")
        }
        j.close("]")
        j.close("}")
        try emit(j.bytes)
    }

    static func conversation(_ r: ScenarioResult, into j: inout JSONBytes) {
        let rec = r.record, s = rec.scenario
        j.openObject()
        j.field("key", "\(r.id)#\(r.trial)")
        j.field("id", r.id)
        j.field("trial", r.trial)
        j.field("title", s.title)
        j.field("file", s.file)
        j.field("status", r.status.rawValue)
        j.field("intent", s.primaryIntent)
        j.field("channel", s.channel.rawValue)
        j.field("folder", RunRecord.folder(of: r.id))
        j.strings("tags", s.tags)
        j.strings("reasons", r.status == .pass ? [] : r.failureReasons)
        j.field("resolution", rec.resolution.rawValue)
        j.field("end_reason", rec.endReason.rawValue)
        if let frt = rec.frtMs { j.field("frt_ms", frt) }
        j.field("duration_ms", rec.durationMs)
        j.field("csat", r.csat)
        if let e = rec.error { j.field("error", e) }
        if let h = rec.handoff { j.field("handoff", h.json) }
        j.openArray("transcript")
        for t in rec.transcript {
            j.openObject()
            j.field("role", t.speaker.rawValue)
            j.field("text", t.text)
            j.field("at_ms", t.atMs)
            j.field("turn", t.turn)
            if !t.scripted { j.field("simulated", true) }
            if let reply = t.reply {
                if let i = reply.intent { j.field("intent", i) }
                if let c = reply.confidence { j.field("confidence", .number(c)) }
                if !reply.citations.isEmpty { j.strings("citations", reply.citations) }
                if !reply.trace.isEmpty {
                    j.openArray("trace")
                    for step in reply.trace { j.element([step.agent, step.decision]) }
                    j.close("]")
                }
                if !t.auditRange.isEmpty { j.field("calls", [t.auditRange.lowerBound, t.auditRange.upperBound - 1]) }
            }
            j.close("}")
        }
        j.close("]")
        j.openArray("audit")
        for a in rec.audit {
            j.openObject()
            j.field("seq", a.seq)
            j.field("at_ms", a.atMs)
            j.field("op", a.operation)
            if let actor = a.actor { j.field("actor", actor) }
            j.field("ok", a.succeeded)
            j.field("latency_ms", a.latencyMs)
            j.field("args", .object(a.arguments))
            switch a.outcome {
            case .success(let result): j.field("result", result)
            case .failure(let e): j.field("error", ["code": .string(e.code.rawValue), "message": .string(e.message)])
            }
            j.close("}")
        }
        j.close("]")
        j.openArray("violations")
        for v in r.violations {
            j.openObject()
            j.field("policy", v.policy)
            j.field("severity", v.severity.rawValue)
            if let turn = v.turn { j.field("turn", turn) }
            j.field("evidence", v.evidence)
            if v.waived { j.field("waived", true) }
            j.close("}")
        }
        j.close("]")
        j.openArray("hallucinations")
        for h in r.hallucinations { j.element([String(h.turn), h.kind, h.claim, h.sentence, h.comparedWith]) }
        j.close("]")
        j.close("}")
    }
}

/// A minimal streaming JSON writer: fields and elements get their commas from `first`.
struct JSONBytes {
    var bytes: [UInt8] = []
    private var first = true

    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    private mutating func key(_ k: String) {
        separate()
        JSONValue.appendJSONString(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Elements encoded apart (each by a `JSONBytes` of its own), appended in order.
    mutating func elements(_ parts: [[UInt8]]) {
        for part in parts {
            separate()
            bytes.append(contentsOf: part)
        }
    }

    mutating func openObject(_ name: String? = nil) {
        if let name { key(name) } else { separate() }
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func openArray(_ name: String) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        first = false
    }

    /// Every text reaches the page neutralised (`SafeText`): an agent's escape sequences and
    /// bidirectional overrides are shown, not obeyed.
    mutating func field(_ name: String, _ value: String) {
        key(name)
        JSONValue.appendJSONString(SafeText.neutralized(value), to: &bytes)
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ name: String, _ value: JSONValue) {
        key(name)
        value.appendJSON(to: &bytes)
    }

    mutating func field(_ name: String, _ values: [Int]) {
        key(name)
        bytes.append(contentsOf: "[\(values.map(String.init).joined(separator: ","))]".utf8)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        appendStrings(values)
    }

    mutating func element(_ values: [String]) {
        separate()
        appendStrings(values)
    }

    private mutating func appendStrings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.appendJSONString(SafeText.neutralized(v), to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
