import Foundation

public enum Speaker: String, Sendable, Hashable { case customer, agent }

/// One message of a played conversation.
public struct TranscriptEntry: Sendable, Hashable {
    public var speaker: Speaker
    public var text: String
    /// Virtual milliseconds since the conversation started.
    public var atMs: Int
    /// Index of the customer message this entry belongs to (the protocol's `turn`).
    public var turn: Int
    /// The scripted turn whose span this entry is in: its own message, the agent's replies, and the
    /// simulated customer's answers before the next scripted turn.
    public var scriptedTurn: Int
    /// False for the simulated customer's answers to the agent's questions.
    public var scripted: Bool
    public var reply: AgentReply?
    /// Audit-log sequence numbers of the calls made while producing this reply.
    public var auditRange: Range<Int>

    public init(speaker: Speaker, text: String, atMs: Int, turn: Int, scriptedTurn: Int, scripted: Bool,
                reply: AgentReply? = nil, auditRange: Range<Int> = 0..<0)
    {
        self.speaker = speaker
        self.text = text
        self.atMs = atMs
        self.turn = turn
        self.scriptedTurn = scriptedTurn
        self.scripted = scripted
        self.reply = reply
        self.auditRange = auditRange
    }
}

/// Why a conversation ended.
public enum EndReason: String, Sendable, Hashable {
    case scriptDone = "script_done"
    case escalated
    case awaitingCustomer = "awaiting_customer"
    case conversationTimeout = "conversation_timeout"
    case replyLimit = "reply_limit"
    case agentError = "agent_error"
    /// A model-driven customer ended the conversation (`###STOP###`): its goal is met, or given up.
    case customerStopped = "customer_stopped"
    /// A model-driven customer used up its `max_turns` without stopping.
    case turnLimit = "turn_limit"
}

/// A conversation as it was played: everything scoring needs, and nothing else.
public struct ConversationRecord: Sendable {
    public var scenario: Scenario
    public var trial: Int
    public var conversationID: String
    public var start: Date
    public var transcript: [TranscriptEntry]
    public var audit: [AuditEntry]
    public var finalWorld: World
    /// The hand-off, from a reply's `escalate` or a successful `handoff.escalate` call.
    public var handoff: Handoff?
    /// The index of the scripted turn in which the agent handed off.
    public var handoffTurn: Int?
    public var endReason: EndReason
    public var error: String?
    public var endMs: Int
    /// Set for a tau suite's episodes: the reward and how it came about.
    public var tau: TauEpisodeOutcome? = nil
    /// The judge model's answers to the scenario's judge checks (none when no judge ran).
    public var judgements: [JudgeVerdict] = []
    /// Tokens a model-driven customer spent writing the customer's messages (nil: none played).
    public var customerUsage: TokenUsage? = nil
    /// Wall-clock milliseconds the conversation took to play (nil: not measured, e.g. offline
    /// scoring). Only junit.xml reports it: results.json keeps to the virtual clock, so that two
    /// runs of the same suite and agent give the same bytes.
    public var wallMs: Int? = nil

    public init(scenario: Scenario, trial: Int, conversationID: String, start: Date, transcript: [TranscriptEntry],
                audit: [AuditEntry], finalWorld: World, handoff: Handoff?, handoffTurn: Int?, endReason: EndReason,
                error: String?, endMs: Int)
    {
        self.scenario = scenario
        self.trial = trial
        self.conversationID = conversationID
        self.start = start
        self.transcript = transcript
        self.audit = audit
        self.finalWorld = finalWorld
        self.handoff = handoff
        self.handoffTurn = handoffTurn
        self.endReason = endReason
        self.error = error
        self.endMs = endMs
    }

    public var agentReplies: [TranscriptEntry] { transcript.filter { $0.speaker == .agent } }

    public var escalated: Bool { handoff != nil }

    public var resolution: Resolution {
        if handoff != nil { return .escalated }
        return endReason == .scriptDone || endReason == .customerStopped ? .resolved : .unresolved
    }

    /// From the first customer message to the first agent reply.
    public var frtMs: Int? {
        guard let first = transcript.first(where: { $0.speaker == .customer }),
            let reply = transcript.first(where: { $0.speaker == .agent })
        else { return nil }
        return reply.atMs - first.atMs
    }

    /// From the first customer message to the end of the conversation.
    public var durationMs: Int {
        endMs - (transcript.first?.atMs ?? 0)
    }
}
