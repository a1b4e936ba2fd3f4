import Foundation
import SupportSimCore

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
///
/// It is a list of pieces, one per text or backend result, each extracted once per process and
/// shared (`EvidencePiece`): adding one is appending a reference, not merging its sets, and a
/// claim is looked up in each piece. A conversation's evidence has a few dozen pieces at most.
public struct Evidence: Sendable {
    /// The year given to evidence dates written without one (the virtual clock's year).
    public let year: Int
    private var pieces: [EvidencePiece] = []
    /// Where the evidence came from, in order, for `describe`.
    private(set) var sources: [String] = []

    public init(year: Int) { self.year = year }

    public var isEmpty: Bool { pieces.allSatisfy(\.isEmpty) }

    public mutating func add(text: String, source: String? = nil) {
        note(source)
        append(EvidencePiece.of(text: text, year: year))
    }

    /// Every value of a backend result or record: strings as text, numbers as amounts (and as
    /// tokens when whole), numbers under a `percent`/`pct` key also as percentages.
    public mutating func add(json: JSONValue, source: String? = nil) {
        note(source)
        append(EvidencePiece.of(json: json, year: year))
    }

    /// Everything `other` holds, e.g. a knowledge-base article prepared once per suite.
    public mutating func add(_ other: Evidence) {
        for piece in other.pieces { append(piece) }
        for s in other.sources { note(s) }
    }

    public func supports(_ claim: Claim) -> Bool {
        let n = claim.normalized
        switch claim.kind {
        case .identifier:
            let key = EvidencePiece.tokenKey(n)
            return pieces.contains { $0.tokens.contains(key) }
        case .phone:
            if pieces.contains(where: { $0.values[.phone]?.contains(n) == true || $0.tokens.contains(n) }) { return true }
            return pieces.contains { $0.values[.phone]?.contains { Self.samePhone($0, n) } == true }
        case .duration:
            let parts = n.split(separator: " ")
            let business = parts.count == 2 ? "\(parts[0]) business \(parts[1])" : nil
            return pieces.contains { p in
                guard let own = p.values[.duration] else { return false }
                return own.contains(n) || business.map(own.contains) == true
            }
        case .email:
            let lower = n.lowercased()
            return pieces.contains { $0.values[.email]?.contains(lower) == true }
        default:
            return pieces.contains { $0.values[claim.kind]?.contains(n) == true }
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
                let c = all(k).count
                return c == 0 ? nil : "\(c) \(Self.labels[k]!)"
            }
            parts.append(counts.isEmpty ? "no values" : counts.joined(separator: ", "))
        }
        parts.append("from: " + list(sources))
        return parts.joined(separator: "; ")
    }

    // MARK: - Building

    private static let labels: [ClaimKind: String] = [
        .money: "amounts", .date: "dates", .time: "times", .duration: "durations", .percentage: "percentages",
        .identifier: "identifiers", .email: "e-mails", .phone: "phones", .url: "urls",
    ]

    /// Same digits, or the same number with and without a country code.
    private static func samePhone(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return short.count >= 7 && long.count - short.count <= 3 && long.hasSuffix(short)
    }

    private mutating func append(_ piece: EvidencePiece) {
        guard !piece.isEmpty, !pieces.contains(where: { $0 === piece }) else { return }
        pieces.append(piece)
    }

    private mutating func note(_ source: String?) {
        guard let source, !sources.contains(source) else { return }
        sources.append(source)
    }

    /// Every value of a kind (identifier tokens for `.identifier`), for the description.
    private func all(_ kind: ClaimKind) -> Set<String> {
        pieces.reduce(into: Set<String>()) { set, p in set.formUnion(kind == .identifier ? p.tokens : p.values[kind] ?? []) }
    }

    private func sortedValues(_ kind: ClaimKind) -> [String] {
        let set = all(kind)
        guard kind == .money else { return set.sorted() }
        return set.sorted { (Decimal(exactly: $0) ?? 0, $0) < (Decimal(exactly: $1) ?? 0, $1) }
    }
}

/// The values one text or backend result contributes, extracted once per process (a bounded
/// memo for each) and shared, never changed, by every `Evidence` that holds it.
final class EvidencePiece: Sendable {
    let values: [ClaimKind: Set<String>]
    /// Identifier-shaped tokens, upper-cased and without dashes.
    let tokens: Set<String>
    var isEmpty: Bool { values.isEmpty && tokens.isEmpty }

    init(_ c: Collected) {
        values = c.values
        tokens = c.tokens
    }

    private struct TextKey: Hashable, Sendable { var text: String; var year: Int }
    private static let texts = BoundedMemo<TextKey, EvidencePiece>()
    /// Smaller than the text memo: a backend result can be a large tree, and the memo keeps
    /// each one it holds alive.
    private struct JSONKey: Hashable, Sendable {
        var json: JSONValue
        var year: Int

        static func == (a: JSONKey, b: JSONKey) -> Bool { a.year == b.year && a.json == b.json }

        // One pass over the tree instead of the synthesized hash, which seeds and finalizes a
        // hasher for every key of every object (dictionaries hash their entries unordered): it
        // was a tenth of scoring. Equality is still the whole tree's.
        func hash(into hasher: inout Hasher) {
            hasher.combine(year)
            hasher.combine(Self.digest(json))
        }

        static func digest(_ v: JSONValue) -> UInt64 {
            switch v {
            case .null: return 0x6A09_E667_F3BC_C908
            case .bool(let b): return b ? 0xBB67_AE85_84CA_A73B : 0x3C6E_F372_FE94_F82B
            case .number(let d): return mix(UInt64(bitPattern: Int64(d.hashValue)))
            case .string(let s): return fnv(s)
            case .array(let items):
                var h: UInt64 = 0xA54F_F53A_5F1D_36F1
                for item in items { h = (h ^ digest(item)) &* 0x0000_0100_0000_01B3 }
                return mix(h)
            case .object(let fields):
                // Summed, so that the order a dictionary iterates in does not count.
                var sum = UInt64(fields.count)
                for (key, value) in fields { sum &+= mix(fnv(key) &+ digest(value) &* 31) }
                return sum
            }
        }

        private static func fnv(_ s: String) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return h
        }

        /// splitmix64's finalizer: spreads each entry's bits before they are summed.
        private static func mix(_ x: UInt64) -> UInt64 {
            var z = x &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
    private static let results = BoundedMemo<JSONKey, EvidencePiece>(capacity: 4_096)

    static func of(text: String, year: Int) -> EvidencePiece {
        texts.value(TextKey(text: text, year: year)) { k in
            var c = Collected()
            c.add(text: k.text, year: k.year)
            return EvidencePiece(c)
        }
    }

    static func of(json: JSONValue, year: Int) -> EvidencePiece {
        results.value(JSONKey(json: json, year: year)) { k in
            var c = Collected()
            var strings: [String] = []
            c.walk(k.json, key: nil, money: false, strings: &strings)
            // One pass over all the strings instead of one per string: the regexes cost per call.
            // The separator holds a line break (no URL or e-mail runs past it) and U+001F, which
            // is neither a word character nor white space (no `Nov` + `25` or `5` + `days` across
            // two values).
            if !strings.isEmpty { c.add(text: strings.joined(separator: "\n\u{1F}\n"), year: k.year) }
            return EvidencePiece(c)
        }
    }

    /// Upper case without hyphens (`ord-5001` and `ORD5001` are one token). Not through
    /// Foundation's `replacingOccurrences`, which bridged every token to NSString.
    static func tokenKey(_ text: String) -> String {
        var key = text.uppercased()
        if key.utf8.contains(UInt8(ascii: "-")) { key.removeAll { $0 == "-" } }
        return key
    }

    /// A piece as it is being extracted.
    struct Collected {
        var values: [ClaimKind: Set<String>] = [:]
        var tokens: Set<String> = []

        /// Letter-digit tokens that contain a digit (`ord-5001`, `1Z999AA10123456784`, `4242`).
        private static let tokenRegex = try! NSRegularExpression(
            pattern: #"(?<![A-Za-z0-9-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"#)

        mutating func add(text: String, year: Int) {
            for span in ClaimExtractor.spans(in: text, year: year) {
                switch span.kind {
                case .identifier: addToken(span.normalized)
                default: values[span.kind, default: []].insert(span.normalized)
                }
            }
            if text.utf8.contains(where: { (48...57).contains($0) }) {
                // Only money-formatted figures in text are amounts (the money spans above): a bare
                // number is as likely a timestamp's minutes, a year or card digits as a price.
                for match in Self.tokenRegex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)) {
                    addToken(ClaimExtractor.slice(text, match.range))
                }
            }
        }

        private mutating func addAmount(_ d: Decimal) {
            values[.money, default: []].insert((d < 0 ? -d : d).plainString)
        }

        private mutating func addToken(_ raw: String) {
            guard raw.contains(where: \.isNumber) else { return }
            let key = EvidencePiece.tokenKey(raw)
            tokens.insert(key)
            // A long run of digits may be a phone number written without separators.
            if key.count >= 7, key.count <= 15, key.allSatisfy(\.isNumber) { values[.phone, default: []].insert(key) }
        }

        /// `money`: the value sits under a field that holds money (`prices: {economy: 121}`).
        mutating func walk(_ value: JSONValue, key: String?, money: Bool, strings: inout [String]) {
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
    }
}
