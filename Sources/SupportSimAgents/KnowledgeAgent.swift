import Foundation
import SupportSimCore

/// The knowledge agent: retrieval-augmented answers that quote only what the retrieved
/// articles say.
struct KnowledgeAgent {
    /// Answers from the best-ranked article: its most relevant sentence, cited.
    func answer(_ ctx: TurnContext, query: String) async -> Draft {
        guard let hits = await ctx.call(.knowledge, "kb.search", ["query": .string(query), "limit": 3]).result?["articles"]?.arrayValue else {
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
        // The snippet alone can be thin: add the sentence after it from the full article.
        if let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue {
            let sentences = TextSegmentation.sentences(body)
            if let i = sentences.firstIndex(of: answer), i + 1 < sentences.count { answer += " " + sentences[i + 1] }
            if answer.isEmpty { answer = sentences.prefix(2).joined(separator: " ") }
        }
        return Draft("From our help article “\(title)”: \(answer)")
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
