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

    static func date(_ iso: String?) -> String {
        guard let iso, let d = ISODate.parse(String(iso.prefix(10))) else { return iso ?? "an unknown date" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "MMMM d, yyyy"
        return f.string(from: d)
    }

    static func money(_ d: Decimal?) -> String { (d ?? 0).moneyString }
}
