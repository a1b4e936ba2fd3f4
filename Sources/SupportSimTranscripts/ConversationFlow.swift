import Foundation
import SupportSimCore

/// An exported conversation read as SupportSim plays one: customer turns (consecutive customer
/// messages joined, since the agent answered them together), the support side's replies, and
/// where it was handed to a human. What happened after the hand-off was the human's work, not
/// the agent's, so it is left out: a scenario ends when the agent escalates.
public struct ConversationFlow: Sendable {
    public struct Entry: Sendable, Hashable {
        public var speaker: Speaker
        public var text: String
        /// Milliseconds since 1970; nil when the export has no time for the message.
        public var timeMs: Int64?
        /// The customer turn this entry belongs to (0-based).
        public var turn: Int
    }

    public enum HandoffSign: Sendable, Hashable {
        /// A message from a human (`human`, `human_agent`): the hand-off happened before it.
        case humanRole
        /// The agent said it was handing over ("transferring you to ...").
        case phrase(String)
    }

    public struct Handoff: Sendable, Hashable {
        public var sign: HandoffSign
        /// When it happened: the agent's hand-off message, else the human's first message.
        public var timeMs: Int64?
        /// The customer turn during which it happened.
        public var turn: Int
    }

    public var entries: [Entry]
    public var handoff: Handoff?
    /// Support-side messages before the customer's first one (a greeting) and messages after
    /// the hand-off: not part of the flow.
    public var leftOut: Int

    public var customerTurns: [Entry] { entries.filter { $0.speaker == .customer } }

    /// `rewrite` is applied to every message's text (the redaction, for drafts).
    public init(_ conversation: ExportedConversation, rewrite: (String) -> String = { $0 }) {
        var entries: [Entry] = []
        var handoff: Handoff?
        var leftOut = 0
        var turn = -1
        for (index, m) in conversation.messages.enumerated() {
            if handoff != nil {
                leftOut += conversation.messages.count - index
                break
            }
            if turn < 0 && m.role != .customer {
                leftOut += 1
                continue
            }
            let text = rewrite(m.text)
            switch m.role {
            case .customer:
                if let last = entries.last, last.speaker == .customer {
                    entries[entries.count - 1].text += "\n" + text
                } else {
                    turn += 1
                    entries.append(Entry(speaker: .customer, text: text, timeMs: m.timeMs, turn: turn))
                }
            case .agent:
                entries.append(Entry(speaker: .agent, text: text, timeMs: m.timeMs, turn: turn))
                if let phrase = Self.handoffPhrase(in: m.text) {
                    handoff = Handoff(sign: .phrase(phrase), timeMs: m.timeMs, turn: turn)
                }
            case .human:
                handoff = Handoff(sign: .humanRole, timeMs: m.timeMs, turn: turn)
                leftOut += conversation.messages.count - index
            }
            if case .humanRole? = handoff?.sign { break }
        }
        self.entries = entries
        self.handoff = handoff
        self.leftOut = leftOut
    }

    public var resolution: Resolution { handoff == nil ? .resolved : .escalated }

    /// What an agent says when it hands a conversation to a person (compared without case).
    public static let handoffPhrases = [
        "transferring you to", "transfer you to", "transferred you to", "a specialist will", "connect you with a human",
        "connecting you with a human", "connect you to a human", "connecting you to a human", "connect you with a specialist",
        "connecting you with a specialist", "connect you with an agent", "connecting you with an agent",
        "hand you over to", "handing you over to", "passing you to", "passing you over to", "a human agent will",
        "a live agent will", "a member of our team will", "escalating this to", "escalated this to", "escalating your",
        "escalated your", "put you through to",
    ]

    static func handoffPhrase(in text: String) -> String? {
        let lower = text.lowercased().replacingOccurrences(of: "’", with: "'")
        return handoffPhrases.first { lower.contains($0) }
    }
}
