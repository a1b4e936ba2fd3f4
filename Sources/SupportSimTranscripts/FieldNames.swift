import Foundation
import SupportSimCore

/// The column and field names an export may use, and the role and channel values it may hold
/// (docs/transcripts.md). Help desks name these differently, so each has a few accepted names,
/// compared without case and with spaces and dashes read as underscores.
public enum FieldNames {
    public enum Field: String, Sendable, CaseIterable {
        case conversation, role, text, time, channel, customerName = "customer_name", customerEmail = "customer_email"
    }

    /// In order of preference: an export with both `conversation_id` and `id` columns has a
    /// message id in `id`.
    public static let accepted: [Field: [String]] = [
        .conversation: ["conversation_id", "conversation", "ticket_id", "id"],
        .role: ["role", "author", "speaker", "sender", "from"],
        .text: ["text", "body", "message", "content"],
        .time: ["time", "timestamp", "created_at", "sent_at"],
        .channel: ["channel"],
        .customerName: ["customer_name"],
        .customerEmail: ["customer_email"],
    ]

    public static let required: [Field] = [.conversation, .role, .text]

    /// `Created At`, `created-at` and `created_at` are one name.
    public static func normalized(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// For each field, the index of the name (among `names`) that carries it, by preference.
    public static func match(_ names: [String]) -> [Field: Int] {
        let normal = names.map(normalized)
        var found: [Field: Int] = [:]
        for field in Field.allCases {
            for candidate in accepted[field]! {
                if let i = normal.firstIndex(of: candidate) {
                    // One column carries one field: `id` is not both the conversation and something else.
                    if !found.values.contains(i) { found[field] = i }
                    break
                }
            }
        }
        return found
    }

    /// The customer's side, the support side, and the humans a conversation is handed to.
    public static let customerRoles = ["customer", "user", "end_user", "enduser", "visitor", "contact", "requester"]
    public static let agentRoles = ["agent", "bot", "assistant", "admin", "operator", "ai", "virtual_agent"]
    public static let humanRoles = ["human", "human_agent", "live_agent"]

    public static func role(_ value: String) -> TranscriptRole? {
        let v = normalized(value)
        if customerRoles.contains(v) { return .customer }
        if agentRoles.contains(v) { return .agent }
        if humanRoles.contains(v) { return .human }
        return nil
    }

    static var acceptedRoles: String {
        "customer side: \(customerRoles.joined(separator: ", ")); support side: \(agentRoles.joined(separator: ", ")); "
            + "a human taking over: \(humanRoles.joined(separator: ", "))"
    }

    /// Help-desk channel names in SupportSim's five; nil for none or an unknown one.
    public static func channel(_ value: String?) -> Channel? {
        guard let value else { return nil }
        let v = normalized(value)
        if let c = Channel(rawValue: v) { return c }
        switch v {
        case "web", "webchat", "web_chat", "live_chat", "livechat", "messenger", "widget", "in_app", "chat_widget": return .chat
        case "e_mail", "mail": return .email
        case "whats_app", "whatsapp_business": return .whatsapp
        case "text", "text_message", "sms_text": return .sms
        case "phone", "call", "telephone", "voice_call": return .voice
        default: return nil
        }
    }
}
