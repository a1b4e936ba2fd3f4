import Foundation

/// The kind of answer a question asks for: "how long" wants a duration, "how much" an amount,
/// "when" a date or a time. An article's sentence that has that kind of answer answers it, even
/// when it shares no word with the question ("how long will the technician stay?" is answered
/// by "Fitting usually takes 90 minutes.").
enum AnswerKind: CaseIterable {
    case duration, amount, time

    // Compiled once: these run on every knowledge answer.
    private static let questions: [AnswerKind: NSRegularExpression] = [
        .duration: regex(#"\bhow long\b|\bhow many (minutes|hours|days|weeks)\b"#),
        .amount: regex(#"\bhow much\b|\bwhat (would|will|do|does) (i|it|that) (have to )?(pay|cost)\b"#),
        .time: regex(#"\bwhen\b|\bwhat (day|date|time)\b|\bwhich day\b"#),
    ]

    private static let answers: [AnswerKind: NSRegularExpression] = [
        .duration: regex(#"\b\d+(-\d+)?\s*(business |working )?(minutes?|hours?|days?|weeks?|months?)\b"#),
        .amount: regex(#"[$£€]\s?\d|\b\d+\.\d{2}\b"#),
        .time: regex(#"\b\d{1,2}(st|nd|rd|th)\b|\b\d{1,2}\s?(am|pm)\b|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"#),
    ]

    static func asked(in question: String) -> [AnswerKind] { allCases.filter { matches(questions[$0]!, question) } }

    func isAnswered(by sentence: String) -> Bool { Self.matches(Self.answers[self]!, sentence) }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    private static func matches(_ r: NSRegularExpression, _ text: String) -> Bool {
        r.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }
}
