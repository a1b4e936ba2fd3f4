import Foundation
import SupportSimCore

/// `supportsim score-transcripts`: exported conversations as played conversations, so that the
/// standard scorer can grade the agent replies a team already sent (the read-only phase of a
/// roll-out). Times are the export's own, relative to the customer's first message, so first
/// response, resolution and hand-off times are the real ones. There is no audit log: nothing
/// says which tools the agent called or what they returned (docs/transcripts.md).
public enum OfflineTranscripts {
    public struct Result: Sendable {
        public var records: [ConversationRecord]
        /// Conversation ids with no customer message, which have nothing to score.
        public var skipped: [String]
    }

    /// - Parameters:
    ///   - file: the export's name, for messages and each scenario's `file`.
    ///   - groundedFacts: texts any reply may draw on, added to each synthesized scenario's
    ///     `grounded_facts` (the CLI passes the suite's knowledge base, since without a tool log
    ///     no one can tell which articles the agent read).
    ///   - world: the world the records carry (the suite's), for policies that look records up.
    public static func records(_ conversations: [ExportedConversation], file: String, groundedFacts: [String] = [],
                               world: World = World()) throws(TranscriptError) -> Result
    {
        var records: [ConversationRecord] = []
        var skipped: [String] = []
        var usedIDs: Set<String> = []
        for c in conversations {
            if let untimed = c.messages.first(where: { $0.timeMs == nil }) {
                throw TranscriptError(file: file, line: untimed.line, column: 1,
                                      "expected a time on every message of conversation \(TranscriptError.shown(c.id)) "
                                          + "(score-transcripts computes first response and resolution times from them), found none")
            }
            let flow = ConversationFlow(c)
            guard let first = flow.entries.first, let startMs = first.timeMs else {
                skipped.append(c.id)
                continue
            }
            var name = TranscriptDrafts.fileName(for: c.id)
            let base = name
            var n = 1
            while !usedIDs.insert(name.lowercased()).inserted {
                n += 1
                name = "\(base)-\(n)"
            }
            let turns = flow.customerTurns.map { ScenarioTurn(customer: $0.text) }
            var expect = ConversationExpectation()
            expect.groundedFacts = groundedFacts
            let title = turns[0].customer.split(separator: "\n").first.map { String($0.prefix(80)) } ?? c.id
            let scenario = Scenario(id: "transcripts/\(name)", file: file, title: title, tags: ["transcript"],
                                    channel: c.channel, turns: turns, expect: expect)
            let handoff = flow.handoff.map { h -> Handoff in
                switch h.sign {
                case .humanRole:
                    return Handoff(reason: "a human took over in the export", priority: "", summary: "")
                case .phrase(let phrase):
                    return Handoff(reason: "the agent handed off (\"\(phrase)\")", priority: "", summary: "")
                }
            }
            var transcript: [TranscriptEntry] = []
            for (index, e) in flow.entries.enumerated() {
                let atMs = Int(e.timeMs! - startMs)
                var reply: AgentReply?
                if e.speaker == .agent {
                    let handsOff = index == flow.entries.count - 1 && flow.handoff.map { if case .phrase = $0.sign { true } else { false } } == true
                    reply = AgentReply(text: e.text, escalate: handsOff ? handoff : nil)
                }
                transcript.append(TranscriptEntry(speaker: e.speaker, text: e.text, atMs: atMs, turn: e.turn, scriptedTurn: e.turn,
                                                  scripted: true, reply: reply))
            }
            let endMs = flow.handoff?.timeMs.map { Int($0 - startMs) } ?? transcript.last!.atMs
            records.append(ConversationRecord(
                scenario: scenario, trial: 1, conversationID: "\(scenario.id)#1", start: Timestamps.date(startMs),
                transcript: transcript, audit: [], finalWorld: world, handoff: handoff, handoffTurn: flow.handoff?.turn,
                endReason: handoff == nil ? .scriptDone : .escalated, error: nil, endMs: endMs))
        }
        return Result(records: records, skipped: skipped)
    }
}
