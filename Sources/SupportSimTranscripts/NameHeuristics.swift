import Foundation

/// A person's name found in a message, and whether it names the customer.
struct NameCandidate: Sendable, Hashable {
    var name: String
    /// True when it most likely names the customer: the customer introducing or signing
    /// themselves, or the support side greeting them. Otherwise it names someone on the support
    /// side (an agent introducing themselves, a customer greeting the agent).
    var customer: Bool
}

/// Names in free text, by the phrases that introduce them (docs/transcripts.md): "my name is X Y",
/// "this is X", "I'm X Y" followed by a capitalised word, sign-offs ("Thanks, X", "Regards, X"),
/// greetings ("Hi X,", "Hello X", "Dear X") and titles ("Mr X"). A name is one or two
/// capitalised words; common capitalised words that follow these phrases ("This is Really",
/// "Hi There") are not names.
enum NameHeuristics {
    private static let word = #"\p{Lu}(?=[\p{L}'’-]*\p{Ll})[\p{L}'’-]{1,30}"#
    private static let name = "(\(word)(?:[ ]\(word))?)"

    private static func pattern(_ lead: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: "(?<![\\p{L}])(?i:\(lead))\(name)(?![\\p{L}])")
    }

    /// Phrases in which the writer names themselves.
    private static let selfNaming = [
        pattern(#"my name(?:'s|’s| is)\s+"#), pattern(#"this is\s+"#), pattern(#"(?:i'm|i’m|i am)\s+"#),
        pattern(#"(?:thanks|thank you|many thanks|regards|kind regards|best regards|best|cheers|sincerely)\s*,\s*"#),
    ]
    /// Phrases in which the writer names the other side.
    private static let otherNaming = [
        pattern(#"(?:hi|hello|hey|dear|good morning|good afternoon|good evening)\s+"#),
        pattern(#"(?:mr|mrs|ms|miss|dr)\.?\s+"#),
    ]

    static func candidates(in text: String, writtenByCustomer: Bool) -> [NameCandidate] {
        var found: [(Int, NameCandidate)] = []
        let whole = NSRange(text.startIndex..., in: text)
        for (regexes, selfNamed) in [(selfNaming, true), (otherNaming, false)] {
            for regex in regexes {
                for m in regex.matches(in: text, range: whole) {
                    guard let r = Range(m.range(at: 1), in: text), let cleaned = clean(String(text[r])) else { continue }
                    found.append((m.range(at: 1).location, NameCandidate(name: cleaned, customer: selfNamed == writtenByCustomer)))
                }
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// A `customer_name` column's value as a name: words without commas (`Whitfield, Dana`);
    /// nil when it holds none.
    static func columnName(_ raw: String) -> String? {
        let words = raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The name without the common words a phrase may be followed by; nil when nothing is left.
    static func clean(_ raw: String) -> String? {
        let words = raw.split(separator: " ").map(String.init)
        guard let first = words.first, !stopWords.contains(first.lowercased()) else { return nil }
        if words.count > 1, !stopWords.contains(words[1].lowercased()) { return words.joined(separator: " ") }
        return first
    }

    static let stopWords: Set<String> = [
        "i", "im", "it", "its", "we", "you", "your", "my", "our", "me", "a", "an", "the", "this", "that", "these", "there",
        "here", "and", "but", "or", "so", "for", "with", "from", "about", "regarding", "following", "not", "no", "yes",
        "very", "really", "just", "still", "also", "currently", "actually", "again", "now", "today", "tomorrow",
        "yesterday", "back", "trying", "having", "looking", "writing", "calling", "contacting", "reaching", "following",
        "sorry", "glad", "happy", "afraid", "unable", "able", "okay", "ok", "good", "great", "fine", "sure", "please",
        "thanks", "thank", "hello", "hi", "hey", "dear", "team", "support", "all", "everyone", "folks", "guys", "sir",
        "madam", "customer", "agent", "bot", "assistant", "service", "order", "account", "urgent", "frustrated",
        "disappointed", "confused", "new", "done", "ready", "going", "getting", "waiting", "interested", "wondering",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december", "morning", "afternoon",
        "evening", "what", "how", "why", "when", "where", "who", "which", "is", "are", "was", "will", "can", "could",
        "would", "should", "in", "on", "at", "to", "of", "by", "as", "if", "then", "than", "one", "two", "any",
        "again", "once", "much", "more", "lot", "bit", "little", "only", "already", "always", "never", "still",
    ]
}
