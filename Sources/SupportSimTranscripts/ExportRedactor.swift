import Foundation

/// The placeholder customer a conversation is about, with the placeholders of what it gave.
public struct PlaceholderCustomer: Sendable, Hashable {
    public var id: String
    public var name: String
    public var email: String?
    public var phone: String?
}

/// Personal data of a whole export replaced by placeholders, consistently: the same e-mail,
/// phone, card, order number or name gets the same placeholder in every message of every
/// conversation (docs/transcripts.md). Built in two passes: the first finds every datum of the
/// export, so that placeholders are numbered in order of first appearance and never equal a
/// real value; the second rewrites text.
public struct ExportRedactor: Sendable {
    private var placeholders: [DatumKind: [String: String]] = [:]
    /// Every written form of every name (full names and their parts), lower-cased, to its placeholder.
    private var names: [String: String] = [:]
    private var nameRegex: NSRegularExpression? = nil
    private var customers: [String: PlaceholderCustomer] = [:]
    private var ordersByConversation: [String: [String]] = [:]

    public init(_ conversations: [ExportedConversation]) {
        // Pass 1: every datum, in order of first appearance.
        var keys: [DatumKind: [String]] = [:]
        var seen: [DatumKind: Set<String>] = [:]
        func note(_ kind: DatumKind, _ key: String) {
            if seen[kind, default: []].insert(key).inserted { keys[kind, default: []].append(key) }
        }
        var candidates: [(conversation: String, candidate: NameCandidate)] = []
        var customerEmails: [String: [String]] = [:]
        var customerPhones: [String: [String]] = [:]
        var orders: [String: [String]] = [:]
        for c in conversations {
            if let email = c.customerEmail?.lowercased() {
                note(.email, email)
                customerEmails[c.id, default: []].append(email)
            }
            if let name = c.customerName.flatMap(NameHeuristics.columnName) {
                candidates.append((c.id, NameCandidate(name: name, customer: true)))
            }
            for m in c.messages {
                for span in PersonalData.spans(in: m.text) {
                    note(span.kind, span.key)
                    if span.kind == .order, !orders[c.id, default: []].contains(span.key) { orders[c.id, default: []].append(span.key) }
                    guard m.role == .customer else { continue }
                    if span.kind == .email { customerEmails[c.id, default: []].append(span.key) }
                    if span.kind == .phone { customerPhones[c.id, default: []].append(span.key) }
                }
                for n in NameHeuristics.candidates(in: m.text, writtenByCustomer: m.role == .customer) {
                    candidates.append((c.id, n))
                }
            }
        }
        let realNameWords = Set(candidates.flatMap { $0.candidate.name.lowercased().split(separator: " ").map(String.init) })

        // Placeholders for the data, skipping any value the export holds.
        for kind in [DatumKind.email, .card, .order, .phone] {
            var n = 0
            for key in keys[kind] ?? [] {
                var value: String
                repeat {
                    n += 1
                    value = Self.placeholder(kind, n)
                } while seen[kind, default: []].contains(Self.key(kind, value))
                placeholders[kind, default: [:]][key] = value
            }
        }

        // People: full names first, so "Dana" later joins "Dana Whitfield".
        var registry = PeopleRegistry(realNameWords: realNameWords)
        let ordered = candidates.filter { $0.candidate.name.contains(" ") } + candidates.filter { !$0.candidate.name.contains(" ") }
        for (_, candidate) in ordered { registry.person(for: candidate) }

        // Each conversation's customer: the one person it names as the customer, else the one
        // e-mail address the customer gave.
        var customerNumber = 0
        var customerIDs: [String: String] = [:]
        for c in conversations {
            let people = Set(candidates.filter { $0.conversation == c.id && $0.candidate.customer }
                .compactMap { registry.index(of: $0.candidate.name) })
            let emails = Array(Set(customerEmails[c.id] ?? []))
            let key: String
            let name: String
            if people.count == 1, let person = people.first {
                key = "person:\(person)"
                name = registry.people[person].placeholder
            } else if people.isEmpty, emails.count == 1 {
                key = "email:\(emails[0])"
                name = registry.emailPerson(emails[0])
            } else {
                if let found = orders[c.id] { ordersByConversation[c.id] = found.compactMap { placeholders[.order]?[$0] } }
                continue
            }
            let id = customerIDs[key] ?? {
                customerNumber += 1
                return Placeholders.customerID(customerNumber)
            }()
            customerIDs[key] = id
            customers[c.id] = PlaceholderCustomer(id: id, name: name,
                                                  email: customerEmails[c.id]?.first.flatMap { placeholders[.email]?[$0] },
                                                  phone: customerPhones[c.id]?.first.flatMap { placeholders[.phone]?[$0] })
            if let found = orders[c.id] { ordersByConversation[c.id] = found.compactMap { placeholders[.order]?[$0] } }
        }
        names = registry.variants
        let alternatives = names.keys.sorted { ($0.count, $1) > ($1.count, $0) }.map(NSRegularExpression.escapedPattern(for:))
        nameRegex = alternatives.isEmpty ? nil : try? NSRegularExpression(
            pattern: "(?<![\\p{L}\\p{N}])(?:\(alternatives.joined(separator: "|")))(?![\\p{L}\\p{N}])", options: [.caseInsensitive])
    }

    /// The conversation's placeholder customer, when it names exactly one.
    public func customer(of conversation: String) -> PlaceholderCustomer? { customers[conversation] }

    /// The placeholders of the order numbers the conversation mentions, in order.
    public func orders(of conversation: String) -> [String] { ordersByConversation[conversation] ?? [] }

    /// `text` with every datum the export holds replaced by its placeholder.
    public func redact(_ text: String) -> String {
        var out = ""
        var position = text.startIndex
        for span in PersonalData.spans(in: text) {
            out += redactNames(text[position..<span.range.lowerBound])
            out += placeholders[span.kind]?[span.key] ?? Self.placeholder(span.kind, 1)
            position = span.range.upperBound
        }
        return out + redactNames(text[position...])
    }

    private func redactNames(_ part: Substring) -> String {
        let text = String(part)
        guard let nameRegex, !text.isEmpty else { return text }
        var out = ""
        var position = text.startIndex
        for m in nameRegex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let r = Range(m.range, in: text) else { continue }
            out += text[position..<r.lowerBound]
            out += names[text[r].lowercased()] ?? "Customer"
            position = r.upperBound
        }
        return out + text[position...]
    }

    static func placeholder(_ kind: DatumKind, _ n: Int) -> String {
        switch kind {
        case .email: return Placeholders.email(n)
        case .card: return Placeholders.card(n)
        case .order: return Placeholders.order(n)
        case .phone: return Placeholders.phone(n)
        case .name: return Placeholders.name(n, customer: true)
        }
    }

    /// The key a placeholder value would have as a datum, to tell whether the export holds it.
    static func key(_ kind: DatumKind, _ value: String) -> String {
        switch kind {
        case .email: return value.lowercased()
        case .card, .order: return value.filter(\.isNumber)
        case .phone: return PersonalData.phoneKey(value.filter(\.isNumber))
        case .name: return value.lowercased()
        }
    }
}

/// The people an export names, each with every form of their name.
struct PeopleRegistry {
    struct Person {
        var placeholder: String
        var customer: Bool
    }

    let realNameWords: Set<String>
    private(set) var people: [Person] = []
    /// Lower-cased name forms to the person's index.
    private var owner: [String: Int] = [:]
    private var numbers: [Bool: Int] = [:]
    private var byEmail: [String: String] = [:]

    init(realNameWords: Set<String>) { self.realNameWords = realNameWords }

    var variants: [String: String] { owner.mapValues { people[$0].placeholder } }

    func index(of name: String) -> Int? { owner[name.lowercased()] }

    @discardableResult
    mutating func person(for candidate: NameCandidate) -> Int {
        let full = candidate.name.lowercased()
        if let known = owner[full] { return known }
        people.append(Person(placeholder: nextName(customer: candidate.customer), customer: candidate.customer))
        let index = people.count - 1
        owner[full] = index
        for part in full.split(separator: " ").map(String.init) where part.count >= 2 && owner[part] == nil {
            owner[part] = index
        }
        return index
    }

    /// A customer known only by an e-mail address still needs a name.
    mutating func emailPerson(_ email: String) -> String {
        if let name = byEmail[email] { return name }
        let name = nextName(customer: true)
        byEmail[email] = name
        return name
    }

    private mutating func nextName(customer: Bool) -> String {
        var name: String
        repeat {
            numbers[customer, default: 0] += 1
            name = Placeholders.name(numbers[customer]!, customer: customer)
        } while name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).contains { realNameWords.contains(String($0)) }
        return name
    }
}
