import Foundation
import SupportSimCore

/// A played conversation's journal line written straight into bytes: the same bytes as
/// `PlayedConversation.encode(…).appendJSON(to:)`, without building the `JSONValue` tree first
/// (every conversation of every run is journaled, in its own task, and building and sorting the
/// tree was most of that cost). Keys are written in sorted order by hand; values that are JSON
/// already (arguments, results, the world's changes) go through `appendJSON`. A test holds the
/// two to the same bytes.
struct JournalLineBytes {
    var out: [UInt8]

    static func line(_ record: ConversationRecord, startingWorld: World) -> [UInt8] {
        var w = JournalLineBytes(out: [])
        w.out.reserveCapacity(4096)
        w.conversation(record, startingWorld: startingWorld)
        return w.out
    }

    private mutating func conversation(_ r: ConversationRecord, startingWorld: World) {
        var f = Fields()
        open()
        key("audit", &f); array(r.audit) { $0.audit($1) }
        key("conversation", &f); string(r.conversationID)
        key("customer_usage", &f); value(r.customerUsage?.journalJSON ?? .null)
        key("end_ms", &f); int(r.endMs)
        key("end_reason", &f); string(r.endReason.rawValue)
        key("error", &f); optionalString(r.error)
        key("handoff", &f); value(r.handoff?.journalJSON ?? .null)
        key("handoff_turn", &f); optionalInt(r.handoffTurn)
        key("judgements", &f); array(r.judgements) { $0.value($1.journalJSON) }
        key("scenario", &f); string(r.scenario.id)
        // The shortest text that reads back as the same Double: the start time exactly.
        key("start", &f); string(r.start.timeIntervalSinceReferenceDate.description)
        key("tau", &f); value(r.tau?.journalJSON ?? .null)
        key("transcript", &f); array(r.transcript) { $0.transcriptEntry($1) }
        key("trial", &f); int(r.trial)
        key("wall_ms", &f); optionalInt(r.wallMs)
        key("world", &f); value(WorldDelta.encode(final: r.finalWorld, from: startingWorld))
        close()
    }

    private mutating func transcriptEntry(_ t: TranscriptEntry) {
        var f = Fields()
        open()
        key("at_ms", &f); int(t.atMs)
        key("audit", &f)
        out.append(UInt8(ascii: "["))
        int(t.auditRange.lowerBound)
        out.append(UInt8(ascii: ","))
        int(t.auditRange.upperBound)
        out.append(UInt8(ascii: "]"))
        key("reply", &f)
        if let reply = t.reply { self.reply(reply) } else { null() }
        key("scripted", &f); bool(t.scripted)
        key("scripted_turn", &f); int(t.scriptedTurn)
        key("speaker", &f); string(t.speaker.rawValue)
        key("text", &f); string(t.text)
        key("turn", &f); int(t.turn)
        close()
    }

    private mutating func reply(_ r: AgentReply) {
        var f = Fields()
        open()
        key("citations", &f); array(r.citations) { $0.string($1) }
        key("confidence", &f)
        if let c = r.confidence { value(.number(c)) } else { null() }
        key("elapsed_ms", &f); optionalInt(r.elapsedMs)
        key("escalate", &f); value(r.escalate?.journalJSON ?? .null)
        key("intent", &f); optionalString(r.intent)
        key("text", &f); string(r.text)
        key("trace", &f)
        array(r.trace) { w, step in
            var f = Fields()
            w.open()
            w.key("agent", &f); w.string(step.agent)
            w.key("decision", &f); w.string(step.decision)
            w.close()
        }
        key("usage", &f); value(r.usage?.journalJSON ?? .null)
        close()
    }

    private mutating func audit(_ a: AuditEntry) {
        var f = Fields()
        open()
        key("actor", &f); optionalString(a.actor)
        key("args", &f); value(.object(a.arguments))
        key("at_ms", &f); int(a.atMs)
        if case .failure(let e) = a.outcome {
            key("error", &f)
            var inner = Fields()
            open()
            key("code", &inner); string(e.code.rawValue)
            key("message", &inner); string(e.message)
            close()
        }
        key("latency_ms", &f); int(a.latencyMs)
        key("operation", &f); string(a.operation)
        if case .success(let result) = a.outcome { key("result", &f); value(result) }
        key("seq", &f); int(a.seq)
        close()
    }

    // MARK: - Compact JSON, as JSONValue.appendJSON writes it

    /// Whether a comma goes before the next key of the object being written.
    private struct Fields { var first = true }

    private mutating func open() { out.append(UInt8(ascii: "{")) }
    private mutating func close() { out.append(UInt8(ascii: "}")) }

    private mutating func key(_ name: StaticString, _ fields: inout Fields) {
        if !fields.first { out.append(UInt8(ascii: ",")) }
        fields.first = false
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: "\":".utf8)
    }

    private mutating func array<T>(_ items: [T], _ element: (inout JournalLineBytes, T) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            element(&self, item)
        }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func value(_ v: JSONValue) { v.appendJSON(to: &out) }
    private mutating func string(_ s: String) { JSONValue.appendJSONString(s, to: &out) }
    private mutating func optionalString(_ s: String?) { if let s { string(s) } else { null() } }
    private mutating func int(_ n: Int) { out.append(contentsOf: String(n).utf8) }
    private mutating func optionalInt(_ n: Int?) { if let n { int(n) } else { null() } }
    private mutating func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }
    private mutating func null() { out.append(contentsOf: "null".utf8) }
}
