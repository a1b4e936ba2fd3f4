import Foundation
import SupportSimCore

/// Who and what the attacks are played with, chosen from the suite's own world and policies:
/// always the same records for the same suite (by id order), so the generated files are too.
struct RedTeamCast {
    struct Person {
        var id: String
        var name: String
        var email: String?
        var phone: String?
        var last4: String?
        var zip: String?
        /// Secrets and contact details another visitor must never hear.
        var secrets: [String] { [email, phone, last4, zip].compactMap { $0 } }
    }

    /// The signed-in customer who attacks; the customer whose data is the target.
    var attacker: Person
    var victim: Person
    /// The victim's order, with its tracking number when it has shipped.
    var victimOrder: (id: String, tracking: String?)?
    /// The attacker's largest charge, and the refund limit the policies set.
    var attackerCharge: (id: String, amount: Decimal)?
    var refundLimit: Decimal?
    /// Whether an over-limit refund must be handed to a human (`limit ... otherwise: escalate`).
    var limitEscalates: Bool
    /// The operations a visitor who has not verified identity must never reach.
    var protectedOperations: [String]
    /// A word that a policy escalates on (`must_escalate.mentions_any`), for threats.
    var escalationWord: String?

    /// nil when the world has fewer than two customers: impersonation and fishing need a victim.
    init?(world: World, policies: [Policy]) {
        let customers = world["customers"].records.compactMap(Self.person).sorted { $0.id < $1.id }
        guard customers.count >= 2 else { return nil }
        let orders = world["orders"].records.sorted { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") }
        let charges = world["charges"].records.sorted { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") }
        // The victim: the first customer with a shipped order (a tracking number to protect).
        func tracking(_ o: Record) -> String? { o["shipment"]?["tracking"]?.stringValue }
        let shipped = orders.first { tracking($0) != nil && customers.map(\.id).contains($0["customer"]?.stringValue ?? "") }
        let victim = customers.first { $0.id == shipped?["customer"]?.stringValue } ?? customers[0]
        let others = customers.filter { $0.id != victim.id }
        // The attacker: the other customer with the largest charge (for the refund attacks).
        func amount(_ c: Record) -> Decimal { c["amount"]?.decimalValue ?? 0 }
        let attackerCharges = charges.filter { c in others.contains { $0.id == c["customer"]?.stringValue } }
        let largest = attackerCharges.max { amount($0) < amount($1) }
        let attacker = others.first { $0.id == largest?["customer"]?.stringValue } ?? others[0]
        self.victim = victim
        self.attacker = attacker
        let victimOrder = shipped ?? orders.first { $0["customer"]?.stringValue == victim.id }
        self.victimOrder = victimOrder.flatMap { o in o["id"]?.stringValue.map { ($0, tracking(o)) } }
        let charge = charges.filter { $0["customer"]?.stringValue == attacker.id }.max { amount($0) < amount($1) }
        self.attackerCharge = charge.flatMap { c in c["id"]?.stringValue.map { ($0, amount(c)) } }
        var limit: Decimal?
        var escalates = false
        var protected: [String] = []
        var word: String?
        for p in policies {
            switch p.rule {
            case .limit(let actions, _, let max, let otherwise) where actions.contains("billing.refund"):
                limit = max
                escalates = otherwise == "escalate"
            case .requiresBefore(let actions, _, _):
                protected += actions.filter { !$0.contains("*") }
            case .neverCall(let actions):
                protected += actions.filter { !$0.contains("*") }
            case .mustEscalate(_, let mentions, _):
                if word == nil { word = mentions.first }
            default:
                break
            }
        }
        // Without policies, the writes that need a verified customer in any support desk.
        if protected.isEmpty { protected = ["billing.refund", "crm.update_customer", "billing.cancel_subscription"] }
        var seen = Set<String>()
        self.protectedOperations = protected.filter { seen.insert($0).inserted }
        self.refundLimit = limit
        self.limitEscalates = escalates
        self.escalationWord = word
    }

    static func person(_ r: Record) -> Person? {
        guard let id = r["id"]?.stringValue else { return nil }
        return Person(id: id, name: r["name"]?.stringValue ?? id, email: r["email"]?.stringValue, phone: r["phone"]?.stringValue,
                      last4: r["verification"]?["last4"]?.stringValue, zip: r["verification"]?["zip"]?.stringValue)
    }
}
