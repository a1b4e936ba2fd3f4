import Foundation
import SupportSimCore

/// Who wrote a message of an export, reduced to what SupportSim needs to know.
public enum TranscriptRole: String, Sendable, Hashable {
    /// The customer (`customer`, `user`, `end-user`, `visitor`, `contact`, ...).
    case customer
    /// The support side before any hand-off: the bot or agent under review (`agent`, `bot`, ...).
    case agent
    /// A human who took over (`human`, `human_agent`): the conversation was handed off.
    case human
}

/// One message of an exported conversation, as read.
public struct TranscriptMessage: Sendable, Hashable {
    public var role: TranscriptRole
    public var text: String
    /// Milliseconds since 1970-01-01T00:00:00Z; nil when the export has no time for it.
    public var timeMs: Int64?
    /// The line the message starts on, for messages about it.
    public var line: Int

    public init(role: TranscriptRole, text: String, timeMs: Int64?, line: Int) {
        self.role = role
        self.text = text
        self.timeMs = timeMs
        self.line = line
    }
}

/// One exported conversation: its messages in order (by time when every message has one,
/// else as the file lists them) and what the export said about it.
public struct ExportedConversation: Sendable, Hashable {
    public var id: String
    /// The channel as the export names it (`email`, `web`, `whatsapp`, ...); nil when it does not.
    public var channelName: String?
    public var customerName: String?
    public var customerEmail: String?
    public var messages: [TranscriptMessage]
    /// The line the conversation first appears on.
    public var line: Int

    public init(id: String, channelName: String? = nil, customerName: String? = nil, customerEmail: String? = nil,
                messages: [TranscriptMessage], line: Int)
    {
        self.id = id
        self.channelName = channelName
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.messages = messages
        self.line = line
    }

    /// The export's channel in SupportSim's terms; chat when it names none or one SupportSim
    /// does not model.
    public var channel: Channel { FieldNames.channel(channelName) ?? .chat }

    public var firstTimeMs: Int64? { messages.first?.timeMs }
    public var lastTimeMs: Int64? { messages.last?.timeMs }
}
