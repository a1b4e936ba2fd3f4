import Foundation

/// The knowledge base with a BM25 full-text index, built once per suite and shared read-only by
/// every conversation (articles never change during a run).
public final class KnowledgeBase: Sendable {
    public struct Hit: Sendable, Hashable {
        public var article: KnowledgeArticle
        public var score: Decimal
        public var snippet: String
    }

    public let articles: [KnowledgeArticle]
    private let byID: [String: Int]
    private let postings: [String: [(doc: Int, tf: Double)]]
    private let lengths: [Double]
    private let averageLength: Double
    /// Each article's sentences with their word sets, for snippets.
    private let sentences: [[(text: String, terms: Set<String>)]]

    /// Searches answered before: the same questions come back in every trial of a scenario.
    private let searches = BoundedMemo<SearchKey, [Hit]>(capacity: 8_192)
    private struct SearchKey: Hashable, Sendable { var query: String; var limit: Int }

    private static let k1 = 1.2
    private static let b = 0.75

    public init(articles: [KnowledgeArticle]) {
        self.articles = articles
        var byID: [String: Int] = [:]
        var postings: [String: [(doc: Int, tf: Double)]] = [:]
        var lengths: [Double] = []
        for (doc, article) in articles.enumerated() {
            byID[article.id] = doc
            var counts: [String: Double] = [:]
            // The title and tags say what an article is about: weigh their words more.
            for token in Self.tokens(article.title) + Self.tokens(article.tags.joined(separator: " ")) {
                counts[token, default: 0] += 3
            }
            for token in Self.tokens(article.body) { counts[token, default: 0] += 1 }
            lengths.append(counts.values.reduce(0, +))
            for (term, tf) in counts { postings[term, default: []].append((doc, tf)) }
        }
        self.byID = byID
        self.postings = postings
        self.lengths = lengths
        self.averageLength = lengths.isEmpty ? 1 : lengths.reduce(0, +) / Double(lengths.count)
        self.sentences = articles.map { a in TextSegmentation.sentences(a.body).map { ($0, Set(Self.tokens($0))) } }
    }

    public func article(id: String) -> KnowledgeArticle? { byID[id].map { articles[$0] } }

    /// Articles ranked by BM25 against the query, best first; ties broken by id so that the
    /// order never depends on anything but the content.
    public func search(_ query: String, limit: Int = 3) -> [Hit] {
        searches.value(SearchKey(query: query, limit: limit)) { computeSearch($0.query, limit: $0.limit) }
    }

    private func computeSearch(_ query: String, limit: Int) -> [Hit] {
        // Sorted: the scores are sums of floating-point terms, and a set's order differs
        // between processes.
        let terms = Array(Set(Self.tokens(query))).sorted()
        guard !terms.isEmpty, !articles.isEmpty else { return [] }
        var scores: [Int: Double] = [:]
        let n = Double(articles.count)
        for term in terms {
            guard let list = postings[term] else { continue }
            let idf = log(1 + (n - Double(list.count) + 0.5) / (Double(list.count) + 0.5))
            for (doc, tf) in list {
                let norm = tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - Self.b + Self.b * lengths[doc] / averageLength))
                scores[doc, default: 0] += idf * norm
            }
        }
        let ranked = scores.sorted { a, b in
            a.value != b.value ? a.value > b.value : articles[a.key].id < articles[b.key].id
        }
        return ranked.prefix(max(0, limit)).map { doc, score in
            let article = articles[doc]
            let rounded = (score * 1000).rounded() / 1000
            return Hit(article: article, score: Decimal(string: String(format: "%.3f", rounded)) ?? 0,
                       snippet: snippet(doc, terms: Set(terms)))
        }
    }

    /// The sentence of the body that shares most words with the query.
    private func snippet(_ doc: Int, terms: Set<String>) -> String {
        var best = sentences[doc].first?.text ?? ""
        var bestScore = -1
        for s in sentences[doc] {
            let score = s.terms.intersection(terms).count
            if score > bestScore { best = s.text; bestScore = score }
        }
        return best
    }

    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "be", "it", "my", "i",
        "you", "your", "me", "we", "our", "do", "does", "can", "how", "what", "with", "at", "by", "this", "that",
        "from", "as", "if", "will", "would", "please", "hi", "hello", "there", "about", "have", "has", "get",
    ]

    /// Lower-cased words without stop words, with plural and verb endings stripped.
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty, !stopwords.contains(current) { out.append(stem(current)) }
            current = ""
        }
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }

    static func stem(_ word: String) -> String {
        guard word.count > 4 else { return word }
        for suffix in ["ing", "ies", "ed", "es", "s"] where word.hasSuffix(suffix) {
            let base = String(word.dropLast(suffix.count))
            return suffix == "ies" ? base + "y" : base
        }
        return word
    }
}

public enum TextSegmentation {
    /// Sentences split at `.`, `!`, `?` followed by space, and at line breaks that end a
    /// paragraph, a heading or a list item; decimals such as `49.00` and abbreviations inside a
    /// word are not split. A line break inside a paragraph (Markdown hard-wrapped at 80
    /// columns) is a space, not the end of a sentence.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var start = text.startIndex
        var i = text.startIndex
        func flush(_ end: String.Index) {
            let piece = text[start..<end].drop(while: \.isWhitespace)
            var trimmed = Substring(piece)
            while let l = trimmed.last, l.isWhitespace { trimmed = trimmed.dropLast() }
            if !trimmed.isEmpty { result.append(String(trimmed)) }
        }
        while i < text.endIndex {
            let ch = text[i]
            let next = text.index(after: i)
            let ends = (ch == "\n" && endsBlock(text, lineStart: start, next: next))
                || ((ch == "." || ch == "!" || ch == "?") && (next == text.endIndex || text[next].isWhitespace))
            if ends {
                flush(next)
                start = next
            }
            i = next
        }
        flush(text.endIndex)
        return result
    }

    /// Whether a line break ends a block: the next line is blank or starts a heading, a list
    /// item or a table row, or this line was one of those (each is a block of its own).
    static func endsBlock(_ text: String, lineStart: String.Index, next: String.Index) -> Bool {
        let rest = text[next...]
        guard let first = rest.first(where: { $0 != " " && $0 != "\t" }), first != "\n" else { return true }
        func marker(_ line: Substring) -> Bool {
            let t = line.drop(while: { $0 == " " || $0 == "\t" })
            guard let c = t.first else { return true }
            if "#|>".contains(c) { return true }
            if (c == "-" || c == "*" || c == "+"), t.dropFirst().first == " " { return true }
            let digits = t.prefix(while: \.isNumber)
            return !digits.isEmpty && (t.dropFirst(digits.count).first == "." || t.dropFirst(digits.count).first == ")")
        }
        let nextLine = rest.prefix(while: { $0 != "\n" })
        let thisLine = text[lineStart..<next].drop(while: \.isWhitespace)
        return marker(nextLine) || marker(thisLine)
    }
}
