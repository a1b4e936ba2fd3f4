import Foundation
import SupportSimCore

/// The knowledge agent: retrieval-augmented answers that quote only what the retrieved
/// articles say.
struct KnowledgeAgent {
    /// Answers from the best-ranked article: its most relevant sentence, cited.
    func answer(_ ctx: TurnContext, query: String) async -> Draft {
        // The topic's own words ("data cap" for plan.data_cap) lead the search to its article
        // when the customer's words ("20 gigs") are not the article's.
        let topic = ctx.intent.split(separator: ".").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? ""
        let search = ctx.intent.contains(".") && !ctx.intent.hasPrefix("smalltalk") ? query + " " + topic : query
        guard let hits = await ctx.call(.knowledge, "kb.search", ["query": .string(search), "limit": 3]).result?["articles"]?.arrayValue else {
            return Draft("I'm sorry, I can't reach our help center right now. Please try again in a moment.")
        }
        guard let top = hits.first, let id = top["id"]?.stringValue else {
            ctx.note(.knowledge, "no article matches")
            return Draft("I couldn't find an answer to that in our help center. I can help with orders, billing, your account and our products.")
        }
        ctx.citations.append("kb:\(id)")
        ctx.note(.knowledge, "answering from article \(id) (score \(top["score"]?.displayText ?? "?"))")
        let title = top["title"]?.stringValue ?? id
        var answer = top["snippet"]?.stringValue ?? ""
        if let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue {
            let sentences = TextSegmentation.sentences(body).filter { !$0.hasPrefix("#") }
            // The sentences that share most words with the question, in the article's order.
            let best = Self.relevant(sentences, to: ctx.input.message, count: 2)
            if !best.isEmpty {
                answer = best.joined(separator: " ")
            } else if let i = sentences.firstIndex(of: answer), i + 1 < sentences.count {
                answer += " " + sentences[i + 1]
            }
            if answer.isEmpty { answer = sentences.prefix(2).joined(separator: " ") }
        }
        // A hard-wrapped article's line breaks are spaces in a reply.
        answer = answer.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return Draft("From our help article “\(title)”: \(answer)")
    }

    /// Up to `count` sentences with the most content words of the question (three letters or
    /// more, crudely stemmed), in the article's order; none when no sentence shares a word.
    static func relevant(_ sentences: [String], to question: String, count: Int) -> [String] {
        let asked = Set(words(question))
        guard !asked.isEmpty else { return [] }
        let scored = sentences.enumerated().map { (i, s) in (i, s, Set(words(s)).intersection(asked).count) }
        let top = scored.filter { $0.2 > 0 }.sorted { ($0.2, -$0.0) > ($1.2, -$1.0) }.prefix(count)
        return top.sorted { $0.0 < $1.0 }.map(\.1)
    }

    static let stopWords: Set<String> = ["the", "and", "you", "your", "for", "are", "was", "with", "that", "this", "have",
                                         "has", "can", "will", "what", "how", "does", "did", "our", "not", "but", "from",
                                         "any", "all", "its", "it's", "i'm", "i've", "just", "get", "got", "when", "then",
                                         "there", "they", "them", "would", "should", "could", "about", "into", "out"]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
            .filter { $0.count >= 3 && !stopWords.contains($0) }
            .map { w in
                for suffix in ["ing", "ed", "es", "s"] where w.count > suffix.count + 3 && w.hasSuffix(suffix) {
                    return String(w.dropLast(suffix.count))
                }
                return w
            }
    }

    /// A sentence of the best article for `query` that contains `term`, to state a rule verbatim.
    func quote(_ ctx: TurnContext, query: String, containing term: String) async -> String? {
        guard let top = await ctx.call(.knowledge, "kb.search", ["query": .string(query), "limit": 1]).result?["articles"]?.arrayValue?.first,
            let id = top["id"]?.stringValue,
            let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue
        else { return nil }
        ctx.citations.append("kb:\(id)")
        return TextSegmentation.sentences(body).first { $0.contains(term) }
    }
}
