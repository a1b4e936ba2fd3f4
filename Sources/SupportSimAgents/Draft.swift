import Foundation
import SupportSimCore

/// A reply being prepared, before the validation step sees it.
struct Draft {
    var sentences: [String]
    /// The question this reply asks, so the next message can be read as its answer.
    var question: ConversationMemory.Question?
    var escalated = false

    init(_ sentences: String..., question: ConversationMemory.Question? = nil) {
        self.sentences = sentences
        self.question = question
    }

    var text: String { sentences.joined(separator: " ") }
}

enum Phrasing {
    static let askLast4 = "Before I make any change, could you confirm the last four digits of the card on file?"
    static let askEmail = "Could you share the email address on your account so I can find it?"
    static let askOrder = "Which order is it about? Could you give me the order number?"

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// `2026-11-25` → "November 25, 2026".
    static func date(_ iso: String?) -> String {
        guard let iso else { return "an unknown date" }
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        return "\(months[parts[1] - 1]) \(parts[2]), \(parts[0])"
    }

    static func money(_ d: Decimal?) -> String { (d ?? 0).moneyString }
}
