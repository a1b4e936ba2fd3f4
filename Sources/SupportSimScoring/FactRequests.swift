import Foundation
import SupportSimCore

/// Which facts an agent reply asks the customer for (scenarios.md, "The simulated customer").
public enum FactRequests {
    public static let phrases: [String: [String]] = [
        "last4": ["last four digits", "last 4 digits", "last four of your card", "last 4", "last four"],
        "zip": ["zip", "postcode", "postal code"],
        "email": ["email", "e-mail", "email address"],
        "phone": ["phone number", "mobile number"],
        "name": ["your name", "full name"],
        "order_id": ["order number", "order id"],
        "invoice_id": ["invoice number", "invoice id"],
    ]

    private static let requestWords = [
        "please", "could you", "can you", "would you", "may i", "provide", "share", "confirm", "tell me",
        "let me know", "what is", "what's", "send me", "reply with", "need",
    ]

    /// The phrases that ask for a fact: the table's, or the fact name's own words.
    public static func phrases(for fact: String) -> [String] {
        phrases[fact] ?? [fact.replacingOccurrences(of: "_", with: " ").lowercased()]
    }

    /// `computeAsked`, once per distinct reply and fact list: scoring reads every reply of every trial.
    public static func asked(in reply: String, extra: [String] = []) -> [String] {
        memo.value(AskedKey(reply: reply, extra: extra)) { computeAsked(in: $0.reply, extra: $0.extra) }
    }
    private struct AskedKey: Hashable, Sendable { var reply: String; var extra: [String] }
    private static let memo = BoundedMemo<AskedKey, [String]>()

    /// The facts (among the table's and `extra`) asked for in a reply. A sentence asks when it is
    /// a question or a request ("please", "could you", "confirm", ...), so "I sent the link to your
    /// email" is not a request for the e-mail address.
    static func computeAsked(in reply: String, extra: [String]) -> [String] {
        let facts = Array(Set(phrases.keys).union(extra)).sorted()
        var result: [String] = []
        for sentence in TextSegmentation.sentences(reply) {
            let s = sentence.lowercased()
            guard s.utf8.contains(63) || requestWords.contains(where: { TextSearch.contains(s, $0) }) else { continue }
            for fact in facts where !result.contains(fact) && phrases(for: fact).contains(where: { TextSearch.containsWord(s, $0) }) {
                result.append(fact)
            }
        }
        return result
    }
}
