import Foundation

/// A lexicon sentiment score in [-1, 1]: enough to notice an angry customer, nothing more.
public enum Sentiment {
    static let negative: Set<String> = [
        "angry", "furious", "terrible", "awful", "horrible", "worst", "useless", "ridiculous", "unacceptable",
        "disgusted", "disappointed", "frustrated", "frustrating", "annoyed", "hate", "scam", "pathetic", "rude",
        "incompetent", "outraged", "fed", "sick", "never", "again", "joke", "waste", "lawyer", "sue", "chargeback",
    ]
    static let positive: Set<String> = [
        "thanks", "thank", "great", "perfect", "awesome", "love", "excellent", "appreciate", "appreciated",
        "helpful", "wonderful", "amazing", "happy", "pleased", "good",
    ]

    public static func score(_ text: String) -> Double {
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        guard !words.isEmpty else { return 0 }
        var s = 0.0
        for w in words {
            if negative.contains(w) { s -= 1 }
            if positive.contains(w) { s += 1 }
        }
        let exclaims = Double(text.filter { $0 == "!" }.count)
        s -= min(exclaims, 3) * 0.25 * (s < 0 ? 1 : 0)
        return max(-1, min(1, s / 3))
    }
}
