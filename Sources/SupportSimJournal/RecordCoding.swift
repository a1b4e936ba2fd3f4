import Foundation
import SupportSimCore

/// A played conversation as one journal line, and back. The scenario itself is not written: it
/// is the suite's, found again by id, and the journal's header pins the suite by digest. The
/// record read back is equal to the one played, so scoring it again gives the same result.
public enum PlayedConversation {
    public static func encode(_ record: ConversationRecord, startingWorld: World) -> JSONValue {
        [
            "scenario": .string(record.scenario.id), "trial": .int(record.trial), "conversation": .string(record.conversationID),
            // The shortest text that reads back as the same Double: the start time exactly.
            "start": .string(record.start.timeIntervalSinceReferenceDate.description),
            "transcript": .array(record.transcript.map(\.journalJSON)), "audit": .array(record.audit.map(\.journalJSON)),
            "world": WorldDelta.encode(final: record.finalWorld, from: startingWorld),
            "handoff": record.handoff?.journalJSON ?? .null, "handoff_turn": .optional(record.handoffTurn),
            "end_reason": .string(record.endReason.rawValue), "error": .optional(record.error), "end_ms": .int(record.endMs),
            "tau": record.tau?.journalJSON ?? .null, "judgements": .array(record.judgements.map(\.journalJSON)),
            "customer_usage": record.customerUsage?.journalJSON ?? .null, "wall_ms": .optional(record.wallMs),
        ]
    }

    /// `encode`'s JSON as compact text, the journal's line: written directly, the same bytes.
    public static func line(_ record: ConversationRecord, startingWorld: World) -> [UInt8] {
        JournalLineBytes.line(record, startingWorld: startingWorld)
    }

    /// Which scenario and trial a line is of, read without decoding the rest.
    public static func key(of line: JSONValue) throws(JournalDecodingError) -> TrialKey {
        let f = try JSONFields(line, path: "")
        return TrialKey(scenario: try f.string("scenario"), trial: try f.int("trial"))
    }

    public static func decode(_ line: JSONValue, scenario: Scenario, startingWorld: World) throws(JournalDecodingError)
        -> ConversationRecord
    {
        let f = try JSONFields(line, path: "")
        guard let start = Double(try f.string("start")) else {
            throw JournalDecodingError(field: "start", problem: "expected a time")
        }
        var transcript: [TranscriptEntry] = []
        for t in try f.objects("transcript") { transcript.append(try TranscriptEntry(journal: t)) }
        var audit: [AuditEntry] = []
        for a in try f.objects("audit") { audit.append(try AuditEntry(journal: a)) }
        var record = ConversationRecord(
            scenario: scenario, trial: try f.int("trial"), conversationID: try f.string("conversation"),
            start: Date(timeIntervalSinceReferenceDate: start), transcript: transcript, audit: audit,
            finalWorld: try WorldDelta.decode(try f.object("world"), onto: startingWorld),
            handoff: try f.optionalObject("handoff").map { o throws(JournalDecodingError) in try Handoff(journal: o) },
            handoffTurn: try f.optionalInt("handoff_turn"), endReason: try f.raw("end_reason", as: EndReason.self),
            error: try f.optionalString("error"), endMs: try f.int("end_ms"))
        record.tau = try f.optionalObject("tau").map { o throws(JournalDecodingError) in try TauEpisodeOutcome(journal: o) }
        for j in try f.objects("judgements") { record.judgements.append(try JudgeVerdict(journal: j)) }
        record.customerUsage = try f.optionalObject("customer_usage").map { o throws(JournalDecodingError) in try TokenUsage(journal: o) }
        record.wallMs = try f.optionalInt("wall_ms")
        return record
    }
}
