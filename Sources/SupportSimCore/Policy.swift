import Foundation

public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, major, minor
    private var rank: Int { self == .critical ? 0 : self == .major ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A business rule the agent must never break (scenarios.md, "Policies").
public struct Policy: Sendable, Hashable {
    public var id: String
    public var description: String
    public var severity: Severity
    public var rule: PolicyRule
    public init(id: String, description: String, severity: Severity, rule: PolicyRule) {
        self.id = id
        self.description = description
        self.severity = severity
        self.rule = rule
    }
}

public enum PolicyRule: Sendable, Hashable {
    case requiresBefore(actions: [String], prior: [String], sameCustomer: Bool)
    case limit(actions: [String], argument: String, max: Decimal, otherwise: String?)
    case mustEscalate(intents: [String], mentionsAny: [String], tiers: [String])
    case neverSay(regex: String?, phrases: [String])
    case neverCall([String])

    public static let kinds = ["requires_before", "limit", "must_escalate", "never_say", "never_call"]
}
