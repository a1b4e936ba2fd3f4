import Foundation
import SupportSimCore
import Synchronization

/// What an agent could know at one point of a conversation, reduced to the normalised values that
/// claims are compared with (metrics.md, "Hallucination: claims and grounding").
///
/// Evidence is of the claim's own kind (docs/grounding.md): amounts as decimals, from numbers in
/// fields that hold money (`MoneyFields`) and money-formatted figures in text (a currency sign,
/// code or word, or two decimals), never from a bare number such as a timestamp's minutes, a
/// year or a card's last four digits; dates as ISO days, evidence dates in any format
/// (a yearless one taking `year`); identifiers case-insensitively with dashes ignored (`ord-5001`,
/// `ORD5001`); e-mails case-insensitively; phones as digits, a missing country code of up to three
/// digits allowed (`555-0101` = `+1-555-0101`); times, percentages and durations by their
/// normalised form, where a duration claim without `business` is also supported by the same
/// business duration (`2 days` by "2 business days", not the reverse); URLs exactly but for the
/// scheme, a trailing `/` and the host's case. Computed values (a sum, the days until a date)
/// are not derived: an agent that states them must also have been told them.
public struct Evidence: Sendable {
    /// The year given to evidence dates written without one (the virtual clock's year).
    public let year: Int
    private(set) var values: [ClaimKind: Set<String>] = [:]
    /// Identifier-shaped tokens, upper-cased and without dashes.
    private var tokens: Set<String> = []
    /// Where the evidence came from, in order, for `describe`.
    private(set) var sources: [String] = []

    public init(year: Int) { self.year = year }

    public var isEmpty: Bool { values.isEmpty && tokens.isEmpty }

    public mutating func add(text: String, source: String? = nil) {
        note(source)
        let found = ExtractionMemo.values(of: text, year: year)
        for (kind, set) in found.values { values[kind, default: []].formUnion(set) }
        tokens.formUnion(found.tokens)
    }

    /// The values one text contributes, computed once per distinct text and year: the same
    /// records and articles come back in many conversations of a suite, and extraction (a dozen
    /// regular expressions) is what grounding spends its time on.
    static func extract(_ text: String, year: Int) -> (values: [ClaimKind: Set<String>], tokens: Set<String>) {
        var e = Evidence(year: year)
        for span in ClaimExtractor.spans(in: text, year: year) {
            switch span.kind {
            case .identifier: e.addToken(span.normalized)
            default: e.values[span.kind, default: []].insert(span.normalized)
            }
        }
        if text.utf8.contains(where: { (48...57).contains($0) }) {
            // Only money-formatted figures in text are amounts (the money spans above): a bare
            // number is as likely a timestamp's minutes, a year or card digits as a price.
            for match in Self.tokenRegex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)) {
                e.addToken(ClaimExtractor.slice(text, match.range))
            }
        }
        return (e.values, e.tokens)
    }

    /// Every value of a backend result or record: strings as text, numbers as amounts (and as
    /// tokens when whole), numbers under a `percent`/`pct` key also as percentages.
    /// Computed once per distinct value (`JSONEvidenceMemo`): the same records come back from
    /// the same calls in every trial, and scoring reads each call's result again.
    public mutating func add(json: JSONValue, source: String? = nil) {
        note(source)
        let found = JSONEvidenceMemo.values(of: json, year: year)
        for (kind, set) in found.values { values[kind, default: []].formUnion(set) }
        tokens.formUnion(found.tokens)
    }

    /// The values a backend result or record contributes.
    static func extract(json: JSONValue, year: Int) -> (values: [ClaimKind: Set<String>], tokens: Set<String>) {
        var e = Evidence(year: year)
        var strings: [String] = []
        e.walk(json, key: nil, money: false, strings: &strings)
        // One pass over all the strings instead of one per string: the regexes cost per call. The
        // separator holds a line break (no URL or e-mail runs past it) and U+001F, which is neither
        // a word character nor white space (no `Nov` + `25` or `5` + `days` across two values).
        if !strings.isEmpty {
            let found = extract(strings.joined(separator: "\n\u{1F}\n"), year: year)
            for (kind, set) in found.values { e.values[kind, default: []].formUnion(set) }
            e.tokens.formUnion(found.tokens)
        }
        return (e.values, e.tokens)
    }

    /// Everything `other` holds, e.g. a knowledge-base article prepared once per suite.
    public mutating func add(_ other: Evidence) {
        for (kind, set) in other.values { values[kind, default: []].formUnion(set) }
        tokens.formUnion(other.tokens)
        for s in other.sources { note(s) }
    }

    public func supports(_ claim: Claim) -> Bool {
        let n = claim.normalized
        let own = values[claim.kind] ?? []
        switch claim.kind {
        case .identifier:
            return tokens.contains(Self.tokenKey(n))
        case .phone:
            if own.contains(n) || tokens.contains(n) { return true }
            return own.contains { Self.samePhone($0, n) }
        case .duration:
            if own.contains(n) { return true }
            let parts = n.split(separator: " ")
            return parts.count == 2 && own.contains("\(parts[0]) business \(parts[1])")
        case .email:
            return own.contains(n.lowercased())
        default:
            return own.contains(n)
        }
    }

    /// What a claim was compared with, for the report: the values of its kind (or a count of
    /// every kind), at most `limit` of each list, and the sources. Sorted, so reports are stable.
    public func describe(limit: Int = 8, kind: ClaimKind? = nil) -> String {
        func list(_ items: [String]) -> String {
            guard !items.isEmpty else { return "none" }
            let shown = items.prefix(max(1, limit)).joined(separator: ", ")
            return items.count > limit ? "\(shown) (+\(items.count - limit) more)" : shown
        }
        var parts: [String] = []
        if let kind {
            parts.append("\(Self.labels[kind]!): " + list(sortedValues(kind)))
        } else {
            let counts = ClaimKind.allCases.compactMap { k -> String? in
                let c = k == .identifier ? tokens.count : values[k]?.count ?? 0
                return c == 0 ? nil : "\(c) \(Self.labels[k]!)"
            }
            parts.append(counts.isEmpty ? "no values" : counts.joined(separator: ", "))
        }
        parts.append("from: " + list(sources))
        return parts.joined(separator: "; ")
    }

    // MARK: - Building

    /// Letter-digit tokens that contain a digit (`ord-5001`, `1Z999AA10123456784`, `4242`).
    private static let tokenRegex = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"#)

    private static let labels: [ClaimKind: String] = [
        .money: "amounts", .date: "dates", .time: "times", .duration: "durations", .percentage: "percentages",
        .identifier: "identifiers", .email: "e-mails", .phone: "phones", .url: "urls",
    ]

    private static func tokenKey(_ text: String) -> String { text.uppercased().replacingOccurrences(of: "-", with: "") }

    /// Same digits, or the same number with and without a country code.
    private static func samePhone(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return short.count >= 7 && long.count - short.count <= 3 && long.hasSuffix(short)
    }

    private mutating func note(_ source: String?) {
        guard let source, !sources.contains(source) else { return }
        sources.append(source)
    }

    private mutating func addAmount(_ d: Decimal) {
        values[.money, default: []].insert((d < 0 ? -d : d).plainString)
    }

    private mutating func addToken(_ raw: String) {
        guard raw.contains(where: \.isNumber) else { return }
        let key = Self.tokenKey(raw)
        tokens.insert(key)
        // A long run of digits may be a phone number written without separators.
        if key.count >= 7, key.count <= 15, key.allSatisfy(\.isNumber) { values[.phone, default: []].insert(key) }
    }

    /// `money`: the value sits under a field that holds money (`prices: {economy: 121}`).
    private mutating func walk(_ value: JSONValue, key: String?, money: Bool, strings: inout [String]) {
        switch value {
        case .string(let s):
            // Strings without a digit, `@` or `.` (`shipped`, `UPS`) hold nothing to compare.
            if s.utf8.contains(where: { (48...57).contains($0) || $0 == 64 || $0 == 46 }) { strings.append(s) }
        case .number(let d):
            // A number grounds an amount only from a field that holds money: 17 as a quantity,
            // a count or a card's digits does not make "$17.00 refunded" true.
            if key.flatMap(MoneyFields.kind(of:)) ?? money { addAmount(d) }
            let plain = d.plainString
            if !plain.contains(".") { addToken(plain) }
            if let key = key?.lowercased(), TextSearch.contains(key, "percent") || TextSearch.contains(key, "pct") {
                values[.percentage, default: []].insert(plain + "%")
            }
        case .array(let items):
            for item in items { walk(item, key: key, money: money, strings: &strings) }
        case .object(let fields):
            let inMoney = key.flatMap(MoneyFields.kind(of:)) ?? money
            for (k, v) in fields { walk(v, key: k, money: inMoney, strings: &strings) }
        case .null, .bool:
            break
        }
    }

    private func sortedValues(_ kind: ClaimKind) -> [String] {
        if kind == .identifier { return tokens.sorted() }
        let set = values[kind] ?? []
        guard kind == .money else { return set.sorted() }
        return set.sorted { (Decimal(exactly: $0) ?? 0, $0) < (Decimal(exactly: $1) ?? 0, $1) }
    }
}

/// Finds the claims of each agent reply that nothing available to the agent at that moment
/// supports (metrics.md): the backend results returned so far, the full text of every article
/// that `kb.search` or `kb.get_article` returned, the customer's messages so far, and the
/// suite's and the scenario's `grounded_facts`. Call arguments are not evidence: an amount the
/// agent sent to `billing.refund` is grounded by what the backend answered, not by the request.
public struct GroundingChecker: Sendable {
    private let facts: Evidence
    /// Each article's title and body, read once per suite: articles never change during a run.
    private let articles: [String: Evidence]
    private let year: Int

    public init(config: SuiteConfig, knowledgeBase: KnowledgeBase) {
        year = ISODate.year(of: config.clockStart)
        var facts = Evidence(year: year)
        for fact in config.groundedFacts { facts.add(text: fact, source: "grounded_facts") }
        self.facts = facts
        var articles: [String: Evidence] = [:]
        for article in knowledgeBase.articles {
            var e = Evidence(year: year)
            e.add(text: article.title + "\n" + article.body, source: "kb:" + article.id)
            articles[article.id] = e
        }
        self.articles = articles
    }

    public func hallucinations(_ record: ConversationRecord) -> [Hallucination] {
        // Evidence is read lazily: items are added, in conversation order, only until a claim is
        // supported. A claim is grounded exactly when some item available to that reply holds
        // it, so this gives the same answer as reading everything first, at a fraction of the cost.
        enum Item { case customer(String), call(AuditEntry) }
        var items: [Item] = []
        var visible: [Int] = []  // per transcript entry: how many items it may see
        let audit = record.audit.sorted { $0.seq < $1.seq }
        var nextAudit = 0
        for entry in record.transcript {
            if entry.speaker == .customer {
                items.append(.customer(entry.text))
            } else {
                while nextAudit < audit.count, audit[nextAudit].seq < entry.auditRange.upperBound {
                    items.append(.call(audit[nextAudit]))
                    nextAudit += 1
                }
            }
            visible.append(items.count)
        }
        var evidence = facts
        for fact in record.scenario.expect.groundedFacts { evidence.add(text: fact, source: "grounded_facts") }
        var consumed = 0
        var found: [Hallucination] = []
        for (index, entry) in record.transcript.enumerated() where entry.speaker == .agent {
            let now = record.start.addingTimeInterval(Double(entry.atMs) / 1000)
            var seen = Set<String>()
            for claim in ClaimExtractor.claims(in: entry.text, year: ISODate.year(of: now)) {
                while !evidence.supports(claim), consumed < visible[index] {
                    switch items[consumed] {
                    case .customer(let text): evidence.add(text: text, source: "customer")
                    case .call(let call): add(call, to: &evidence)
                    }
                    consumed += 1
                }
                guard !evidence.supports(claim), seen.insert(claim.kind.rawValue + ":" + claim.normalized).inserted else { continue }
                found.append(Hallucination(turn: entry.turn, claim: claim.text, kind: claim.kind.rawValue,
                                           sentence: claim.sentence,
                                           comparedWith: evidence.describe(limit: 8, kind: claim.kind)))
            }
        }
        return found
    }

    /// The claims of `reply` that `evidence` does not support, each value once, in reading
    /// order; the reference agent's validation step uses this before it sends a reply.
    public static func ungroundedClaims(in reply: String, evidence: Evidence, year: Int) -> [Claim] {
        var seen = Set<String>()
        return ClaimExtractor.claims(in: reply, year: year).filter { claim in
            !evidence.supports(claim) && seen.insert(claim.kind.rawValue + ":" + claim.normalized).inserted
        }
    }

    private func add(_ entry: AuditEntry, to evidence: inout Evidence) {
        // A failed call's message ("no order with id ORD-9") is also what the backend answered.
        evidence.add(json: entry.outcome.json, source: entry.operation)
        guard entry.operation.hasPrefix("kb."), let result = entry.outcome.result else { return }
        var ids = result["articles"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        if let id = result["id"]?.stringValue { ids.append(id) }
        for id in ids { if let article = articles[id] { evidence.add(article) } }
    }
}

/// A bounded memo of `Evidence.extract(json:)`. Smaller than the text memo: a backend result
/// can be a large tree, and the memo keeps each one it holds alive.
enum JSONEvidenceMemo {
    private struct Key: Hashable, Sendable { var json: JSONValue; var year: Int }
    private static let memo = BoundedMemo<Key, ExtractionMemo.Answer>(capacity: 4_096)

    static func values(of json: JSONValue, year: Int) -> ExtractionMemo.Values {
        memo.value(Key(json: json, year: year)) { ExtractionMemo.Answer(values: Evidence.extract(json: $0.json, year: $0.year)) }.values
    }
}

/// A bounded memo of `Evidence.extract`, shared by every conversation of the process.
enum ExtractionMemo {
    typealias Values = (values: [ClaimKind: Set<String>], tokens: Set<String>)
    private struct Key: Hashable { var text: String; var year: Int }
    struct Answer: Sendable { var values: Values }
    private static let memo = BoundedMemo<Key, Answer>()

    static func values(of text: String, year: Int) -> Values {
        memo.value(Key(text: text, year: year)) { Answer(values: Evidence.extract($0.text, year: $0.year)) }.values
    }
}
