import Foundation
import SupportSimCore

/// The company's public catalogue (plans and products), which a production support bot is
/// configured with. The reference agent reads nothing else of the world directly: customer
/// data only ever comes through the backends.
public struct Catalogue: Sendable {
    public struct Plan: Sendable, Hashable { public var id, name, interval: String; public var price: Decimal }
    public struct Product: Sendable, Hashable { public var sku, name: String }

    public var plans: [Plan] { didSet { planWords = plans.map { (Self.words($0.name), Self.words($0.id)) } } }
    public var products: [Product] { didSet { productWords = products.map { Self.words($0.name) } } }
    /// The words of each plan's name and id, and of each product's name, split once: every
    /// message is compared with all of them.
    private var planWords: [(name: [String], id: [String])] = []
    private var productWords: [[String]] = []

    public init(world: World) {
        plans = world["plans"].records.map {
            Plan(id: $0["id"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "",
                 interval: $0["interval"]?.stringValue ?? "month", price: $0["price"]?.decimalValue ?? 0)
        }
        products = world["products"].records.map {
            Product(sku: $0["sku"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "")
        }
        planWords = plans.map { (Self.words($0.name), Self.words($0.id)) }
        productWords = products.map { Self.words($0.name) }
    }

    private static func words(_ s: String) -> [String] { s.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }

    /// Plans named in a message ("move me to Team", "bump me up to Gigabit 1000"), by their
    /// whole name as consecutive words, or their id; a name another named plan's contains
    /// ("Fibre" in "Fibre 500") gives way to the longer one.
    public func plansNamed(in text: String) -> [Plan] {
        let said = Self.words(text)
        func contains(_ phrase: [String]) -> Bool {
            guard !phrase.isEmpty, phrase.count <= said.count else { return false }
            return (0...(said.count - phrase.count)).contains { said[$0..<($0 + phrase.count)].elementsEqual(phrase) }
        }
        let named = plans.indices.filter { contains(planWords[$0].name) || contains(planWords[$0].id) }
        return named.filter { p in
            !named.contains { q in plans[q].id != plans[p].id && planWords[q].name.count > planWords[p].name.count
                && planWords[q].name.starts(with: planWords[p].name) }
        }.map { plans[$0] }
    }

    /// The product a message names: every word of its name, or all but one for long names.
    public func product(in text: String) -> Product? {
        let words = Set(Self.words(text))
        var best: (Product, Int)?
        for (p, nameWords) in zip(products, productWords) {
            let hits = nameWords.filter { words.contains($0) || words.contains($0 + "s") }.count
            let needed = nameWords.count <= 2 ? nameWords.count : nameWords.count - 1
            if hits >= needed, hits > (best?.1 ?? 0) { best = (p, hits) }
        }
        return best?.0
    }
}

/// The suite's policies, read for the decisions the agent must make: what needs a verified
/// identity, how much may be refunded, what must go to a human, what may never be said or done.
public struct PolicyBook: Sendable {
    public var verifyBefore: [String] = []
    public var refundLimit: Decimal?
    public var mustEscalate: [(id: String, intents: [String], mentions: [String], tiers: [String])] = []
    public var neverCall: [String] = []
    public var neverSay: [NSRegularExpression] = []
    public var neverSayPhrases: [String] = []

    public init(policies: [Policy]) {
        for p in policies {
            switch p.rule {
            case .requiresBefore(let actions, let prior, _) where prior.contains("crm.verify_identity"):
                verifyBefore += actions
            case .limit(let actions, let argument, let max, _) where argument == "amount"
                && actions.contains(where: { Glob.matches($0, "billing.refund") }):
                refundLimit = min(refundLimit ?? max, max)
            case .mustEscalate(let intents, let mentions, let tiers):
                mustEscalate.append((p.id, intents, mentions, tiers))
            case .neverCall(let ops):
                neverCall += ops
            case .neverSay(let regex, let phrases):
                if let regex, let r = try? NSRegularExpression(pattern: regex) { neverSay.append(r) }
                neverSayPhrases += phrases.map { $0.lowercased() }
            default:
                break
            }
        }
    }

    public func needsVerification(_ operation: String) -> Bool {
        verifyBefore.contains { Glob.matches($0, operation) }
    }

    public func forbids(_ operation: String) -> Bool {
        neverCall.contains { Glob.matches($0, operation) }
    }

    /// Whether a reply would break a `never_say` rule.
    public func forbidsSaying(_ text: String) -> Bool {
        let ns = text as NSString
        if neverSay.contains(where: { $0.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) != nil }) {
            return true
        }
        let lower = text.lowercased()
        return neverSayPhrases.contains { lower.contains($0) }
    }
}
