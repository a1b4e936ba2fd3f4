import Foundation
import SupportSimCore

/// One draft scenario made from one exported conversation, every text already redacted.
public struct TranscriptDraft: Sendable, Hashable {
    /// Where it goes, relative to the folder drafts are written into: `transcripts/<id>.yaml`.
    public var path: String
    public var sourceFile: String
    public var conversation: String
    public var startedAt: String?
    public var endedAt: String?
    public var channel: Channel
    public var customer: PlaceholderCustomer?
    /// Placeholder order ids the conversation mentions.
    public var orders: [String]
    public var turns: [String]
    /// The first turn's intent, when the classifier was confident of one.
    public var intent: String?
    public var resolution: Resolution
    /// How the hand-off showed, for the draft's comment.
    public var handoff: ConversationFlow.HandoffSign?
    public var leftOut: Int

    /// The scenario file, byte for byte the same for the same export.
    public var yaml: String {
        var y: [String] = [
            "# Drafted by `supportsim generate from-transcripts` from \(oneLine(sourceFile)), conversation \(oneLine(conversation)).",
            "# Personal data is replaced by placeholders that stand for the records under world:.",
            "# Check the turns and the expectations, add what the agent must do, then delete the review line.",
            "version: 1",
            "review: needed",
            "title: \(YAMLText.quoted(title))",
            "tags: [transcript]",
        ]
        if let customer { y.append("customer: \(YAMLText.scalar(customer.id))") }
        y.append("channel: \(channel.rawValue)")
        y.append("source:")
        y.append("  file: \(YAMLText.quoted(sourceFile))")
        y.append("  conversation: \(YAMLText.quoted(conversation))")
        if let startedAt { y.append("  started_at: \(YAMLText.quoted(startedAt))") }
        if let endedAt { y.append("  ended_at: \(YAMLText.quoted(endedAt))") }
        y.append("  outcome: \(resolution.rawValue)")
        let owner = customer?.id ?? (orders.isEmpty ? nil : Placeholders.customerID(0))
        if let owner {
            y.append("world:")
            y.append("  customers:")
            y.append("    - id: \(YAMLText.scalar(owner))")
            y.append("      name: \(YAMLText.scalar(customer?.name ?? "Unidentified Customer"))")
            if let email = customer?.email { y.append("      email: \(YAMLText.quoted(email))") }
            if let phone = customer?.phone { y.append("      phone: \(YAMLText.quoted(phone))") }
            if !orders.isEmpty {
                y.append("  orders:")
                y.append("    # The export does not say the orders' status, items or totals: set them to what the scenario needs.")
                for order in orders {
                    y.append("    - {id: \(YAMLText.scalar(order)), customer: \(YAMLText.scalar(owner)), status: processing}")
                }
            }
        }
        var knows: [(String, String)] = []
        if let customer {
            knows.append(("name", customer.name))
            if let email = customer.email { knows.append(("email", email)) }
            if let phone = customer.phone { knows.append(("phone", phone)) }
        }
        if let order = orders.first { knows.append(("order_id", order)) }
        if !knows.isEmpty {
            y.append("knows:")
            for (fact, value) in knows { y.append("  \(fact): \(YAMLText.quoted(value))") }
        }
        y.append("turns:")
        for (index, turn) in turns.enumerated() {
            y.append("  - customer: \(YAMLText.quoted(turn))")
            if index == 0, let intent {
                y.append("    expect:")
                y.append("      intent: \(YAMLText.scalar(intent))")
            }
        }
        switch handoff {
        case .humanRole?: y.append("# The export hands this conversation to a human after the last turn above.")
        case .phrase(let phrase)?: y.append("# The agent handed off (\"\(oneLine(phrase))\") after the last turn above.")
        case nil: break
        }
        if leftOut > 0 {
            y.append("# \(leftOut) message\(leftOut == 1 ? "" : "s") of the export (a greeting before the customer's first, or the human's part) \(leftOut == 1 ? "is" : "are") not scripted.")
        }
        y.append("expect:")
        y.append("  resolution: \(resolution.rawValue)")
        return y.joined(separator: "\n") + "\n"
    }

    /// The first line of the first turn, cut at a word near 60 characters.
    var title: String {
        let first = turns.first?.split(separator: "\n").first.map(String.init) ?? "Conversation \(conversation)"
        guard first.count > 60 else { return first }
        let cut = first.prefix(60)
        if let space = cut.lastIndex(of: " ") { return String(cut[..<space]) + "..." }
        return String(cut) + "..."
    }

    private func oneLine(_ s: String) -> String {
        SafeText.neutralized(s).replacingOccurrences(of: "\n", with: " ")
    }
}
