import Foundation
import SupportSimCore

/// The knowledge agent: retrieval-augmented answers that quote only what the retrieved
/// articles say.
struct KnowledgeAgent {
    /// Answers from the best-ranked article: its most relevant sentences, cited.
    /// - Parameter steeredByIntent: whether the intent's name joins the search; not when the
    ///   intent is a guess the orchestrator did not act on (a question about payment dates,
    ///   guessed to be a refund request, would be answered from the refunds article).
    func answer(_ ctx: TurnContext, query: String, steeredByIntent: Bool = true) async -> Draft {
        // The topic's own words ("data cap" for plan.data_cap) lead the search to its article
        // when the customer's words ("20 gigs") are not the article's.
        let topic = ctx.intent.split(separator: ".").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? ""
        let search = steeredByIntent && ctx.intent.contains(".") && !ctx.intent.hasPrefix("smalltalk") ? query + " " + topic : query
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
            let sentences = Self.proseSentences(of: body)
            // The sentences that share most words with the question, in the article's order.
            let best = Self.relevant(in: body, to: ctx.input.message, count: 2)
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

    /// `computeRelevant` over an article's prose sentences, once per article and question: the
    /// same questions come back in every trial.
    static func relevant(in body: String, to question: String, count: Int) -> [String] {
        relevantMemo.value(RelevantKey(body: body, question: question, count: count)) {
            computeRelevant(proseSentences(of: $0.body), to: $0.question, count: $0.count)
        }
    }
    private struct RelevantKey: Hashable, Sendable { var body: String; var question: String; var count: Int }
    private static let relevantMemo = BoundedMemo<RelevantKey, [String]>(capacity: 8_192)

    /// An article's sentences (`TextSegmentation.sentences`), once per article: every answer,
    /// rule and quote is read from them, on most turns.
    static func sentences(of body: String) -> [String] { sentenceMemo.value(body) { TextSegmentation.sentences($0) } }
    /// Its sentences that are not headings.
    static func proseSentences(of body: String) -> [String] { proseMemo.value(body) { sentences(of: $0).filter { !$0.hasPrefix("#") } } }
    private static let sentenceMemo = BoundedMemo<String, [String]>(capacity: 4_096)
    private static let proseMemo = BoundedMemo<String, [String]>(capacity: 4_096)

    /// The sentences that answer the question: for each question it asks ("does anybody need to be
    /// present, and how long does fitting take?" asks two), the sentence that shares most words with
    /// it, a sentence that has the kind of answer it asks for (a duration for "how long", an
    /// amount for "how much", a date or time for "when") counting double; then the sentences
    /// that share at least two words with the whole message, up to `count`. Short of that, the
    /// sentence after the best one, which usually goes on with what it says ("The bundle includes
    /// 10GB." "After that, …"). In the article's order; none when no sentence shares a word.
    static func computeRelevant(_ sentences: [String], to question: String, count: Int) -> [String] {
        let sentenceWords = sentences.map { Set(words($0)) }
        func best(_ asked: Set<String>, _ kinds: [AnswerKind]) -> Int? {
            let scored = sentences.indices.map { i in
                (i, sentenceWords[i].intersection(asked).count + 2 * kinds.filter { $0.isAnswered(by: sentences[i]) }.count)
            }
            return scored.filter { $0.1 > 0 }.max { ($0.1, -$0.0) < ($1.1, -$1.0) }?.0
        }
        var picked: [Int] = []
        for clause in questionClauses(question) {
            let asked = Set(words(clause))
            guard !asked.isEmpty, let i = best(asked, AnswerKind.asked(in: clause)), !picked.contains(i) else { continue }
            picked.append(i)
        }
        let all = Set(words(question))
        let byOverlap = sentences.indices.map { ($0, sentenceWords[$0].intersection(all).count) }
            .filter { $0.1 > 0 }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        if picked.isEmpty, let first = byOverlap.first { picked.append(first) }
        // A sentence that shares two words or more with the message is a second answer; one
        // that shares a single word is a weak match, and the sentence after the best one is
        // likelier to go on with its answer.
        for i in byOverlap where picked.count < count && !picked.contains(i) && sentenceWords[i].intersection(all).count >= 2 { picked.append(i) }
        if let first = picked.first, picked.count < count, first + 1 < sentences.count, !picked.contains(first + 1) { picked.append(first + 1) }
        return picked.prefix(count).sorted().map { sentences[$0] }
    }

    /// The questions a message asks: each sentence that ends in "?", split where another
    /// question begins (", and how long…").
    static func questionClauses(_ message: String) -> [String] {
        let questions = message.split(separator: "?").dropLast(message.hasSuffix("?") ? 0 : 1)
            .map { $0.split(whereSeparator: { ".!\n".contains($0) }).last.map(String.init) ?? "" }
        return questions.flatMap { q -> [String] in
            let marked = clauseBreak.stringByReplacingMatches(in: q, range: NSRange(location: 0, length: (q as NSString).length), withTemplate: "\u{1F}")
            return marked.split(separator: "\u{1F}").map(String.init)
        }
    }

    /// Where a second question begins inside one: ", and how long…", " or is it…".
    static let clauseBreak = try! NSRegularExpression(
        pattern: #"(,\s*|\s)(and|or|but)\s+(?=(how|what|when|where|which|who|why|is|are|do|does|can|will|should)\b)"#, options: [.caseInsensitive])

    /// A sentence that grants refunds for a number of days: "refunded in full within 30 days".
    static let refundRule = try! NSRegularExpression(pattern: #"\brefund\w*\b[^.]*\bwithin (\d+) days\b"#, options: [.caseInsensitive])

    /// The first sentence of an article that states a refund window, and its days; once per article.
    static func refundRule(in body: String) -> (days: Int, sentence: String)? {
        refundMemo.value(body) { body in
            for sentence in sentences(of: body) {
                let ns = sentence as NSString
                if let m = refundRule.firstMatch(in: sentence, range: NSRange(location: 0, length: ns.length)),
                    let days = Int(ns.substring(with: m.range(at: 1)))
                {
                    return (days, sentence.split(whereSeparator: \.isWhitespace).joined(separator: " "))
                }
            }
            return nil
        }
    }
    private static let refundMemo = BoundedMemo<String, RefundRule?>(capacity: 4_096)
    typealias RefundRule = (days: Int, sentence: String)

    static let stopWords: Set<String> = ["the", "and", "you", "your", "for", "are", "was", "with", "that", "this", "have",
                                         "has", "can", "will", "what", "how", "does", "did", "our", "not", "but", "from",
                                         "any", "all", "its", "it's", "i'm", "i've", "just", "get", "got", "when", "then",
                                         "there", "they", "them", "would", "should", "could", "about", "into", "out"]

    /// Everyday words for one thing, read as one: the customer's word is rarely the article's.
    static let sameThing: [String: String] = [
        "somebody": "someone", "anyone": "someone", "anybody": "someone", "person": "someone",
        "house": "home", "flat": "home", "apartment": "home", "property": "home",
        "gig": "gb", "gigs": "gb", "gigabyte": "gb", "gigabytes": "gb",
        "cost": "price", "costs": "price", "pay": "price", "fee": "price", "charge": "price",
    ]

    /// Content words (three letters or more, or a number), crudely stemmed; a number with a
    /// unit ("20GB") is the number and the unit.
    static func words(_ text: String) -> [String] {
        var tokens: [String] = []
        for raw in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            var current = "", digits = false
            for ch in raw {
                if !current.isEmpty && ch.isNumber != digits { tokens.append(current); current = "" }
                digits = ch.isNumber
                current.append(ch)
            }
            if !current.isEmpty { tokens.append(current) }
        }
        return tokens
            .filter { ($0.count >= 3 || $0.first?.isNumber == true || sameThing[$0] != nil || $0 == "gb") && !stopWords.contains($0) }
            .map { w in
                if let same = sameThing[w] { return same }
                for suffix in ["ing", "ed", "es", "s"] where w.count > suffix.count + 3 && w.hasSuffix(suffix) {
                    return String(w.dropLast(suffix.count))
                }
                return w
            }
    }

    /// How many days after a charge the company's refund policy allows a refund, with the
    /// sentence that says so, read from its knowledge base ("refunded in full within 30 days of
    /// the charge"). A company whose articles state no window has none: the window is its
    /// policy, not the agent's.
    func refundWindow(_ ctx: TurnContext) async -> (days: Int, sentence: String, article: String)? {
        guard let top = await ctx.call(.knowledge, "kb.search", ["query": "refund policy days", "limit": 1]).result?["articles"]?.arrayValue?.first,
            let id = top["id"]?.stringValue,
            let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue
        else { return nil }
        return Self.refundRule(in: body).map { ($0.days, $0.sentence, id) }
    }

    /// A sentence of the best article for `query` that contains `term`, to state a rule verbatim.
    func quote(_ ctx: TurnContext, query: String, containing term: String) async -> String? {
        guard let top = await ctx.call(.knowledge, "kb.search", ["query": .string(query), "limit": 1]).result?["articles"]?.arrayValue?.first,
            let id = top["id"]?.stringValue,
            let body = await ctx.call(.knowledge, "kb.get_article", ["article_id": .string(id)]).result?["body"]?.stringValue
        else { return nil }
        ctx.citations.append("kb:\(id)")
        return Self.sentences(of: body).first { $0.contains(term) }
    }
}
