import Foundation
import Testing

/// Suite files with one small, realistic mistake each, written on top of the acme-mini example
/// suite. `validate` must reject every one, and so must the JSON Schema unless docs/schemas.md
/// lists the case as a rule a JSON Schema cannot express.
struct BrokenFile: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case scenario, world, policies, config }
    var name: String
    var kind: Kind
    var text: String
    var testDescription: String { name }

    init(_ name: String, _ kind: Kind, _ text: String) {
        self.name = name
        self.kind = kind
        self.text = text
    }

    /// Where the file goes in the suite; policies and config replace the example's own.
    var path: String {
        switch kind {
        case .scenario: return "scenarios/broken/\(name).yaml"
        case .world: return "scenarios/world/broken-\(name).yaml"
        case .policies: return "scenarios/policies.yaml"
        case .config: return "supportsim.yml"
        }
    }

    var schema: String {
        switch kind {
        case .scenario: return "scenario.schema.json"
        case .world: return "world.schema.json"
        case .policies: return "policies.schema.json"
        case .config: return "supportsim.schema.json"
        }
    }
}

private let hello = "turns:\n  - customer: Hello\n"
private func policy(_ rule: String) -> String {
    "policies:\n  - id: p1\n    description: A rule.\n    severity: critical\n" + rule
}

let brokenFiles: [BrokenFile] = [
    // Scenarios: types, keys, enums, required keys
    BrokenFile("turns-missing", .scenario, "title: No turns\ncustomer: C-1001\n"),
    BrokenFile("turns-empty", .scenario, "turns: []\n"),
    BrokenFile("turns-not-a-list", .scenario, "turns: Hello there\n"),
    BrokenFile("turn-without-customer", .scenario, "turns:\n  - expect: {intent: order.status}\n"),
    BrokenFile("turn-customer-null", .scenario, "turns:\n  - customer:\n"),
    BrokenFile("unknown-top-key", .scenario, hello + "expectt: {resolution: resolved}\n"),
    BrokenFile("unknown-turn-key", .scenario, "turns:\n  - customer: Hi\n    expects: {intent: other}\n"),
    BrokenFile("unknown-expect-key", .scenario, hello + "expect: {resolved: true}\n"),
    BrokenFile("channel-typo", .scenario, "channel: webchat\n" + hello),
    BrokenFile("resolution-typo", .scenario, hello + "expect: {resolution: solved}\n"),
    BrokenFile("escalates-yes-string", .scenario, "turns:\n  - customer: Hi\n    expect: {escalates: \"yes\"}\n"),
    BrokenFile("escalates-number", .scenario, "turns:\n  - customer: Hi\n    expect: {escalates: 1}\n"),
    BrokenFile("tags-mapping", .scenario, "tags: {billing: true}\n" + hello),
    BrokenFile("knows-nested", .scenario, "knows:\n  card: {last4: \"4242\"}\n" + hello),
    BrokenFile("action-without-call", .scenario, hello + "expect:\n  actions:\n    - {args: {charge_id: CH-4001}}\n"),
    BrokenFile("action-unknown-operation", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refnd}\n"),
    BrokenFile("action-times-negative", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, times: -1}\n"),
    BrokenFile("action-times-fraction", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, times: 1.5}\n"),
    BrokenFile("action-unknown-key", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, argz: {amount: 49}}\n"),
    BrokenFile("action-unknown-argument", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, args: {chargeid: CH-4001}}\n"),
    BrokenFile("action-argument-type", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, args: {amount: forty-nine}}\n"),
    BrokenFile("actions-not-a-list", .scenario, hello + "expect:\n  actions: {call: billing.refund}\n"),
    BrokenFile("forbidden-unknown-operation", .scenario, hello + "expect:\n  forbidden_actions: [billing.cancel]\n"),
    BrokenFile("forbidden-glob-matches-nothing", .scenario, hello + "expect:\n  forbidden_actions: [\"shipping.*\"]\n"),
    BrokenFile("ordered-string", .scenario, hello + "expect:\n  ordered: sometimes\n"),
    BrokenFile("state-unknown-collection", .scenario, hello + "expect:\n  state:\n    payments: [{id: CH-4001}]\n"),
    BrokenFile("state-unknown-field", .scenario, hello + "expect:\n  state:\n    charges: [{id: CH-4001, refund: 49.00}]\n"),
    BrokenFile("state-count-negative", .scenario, hello + "expect:\n  state:\n    tickets: {count: -2}\n"),
    BrokenFile("state-bad-enum", .scenario, hello + "expect:\n  state:\n    tickets: [{status: resolved}]\n"),
    BrokenFile("sla-string", .scenario, hello + "expect:\n  sla: {first_response_ms: fast}\n"),
    BrokenFile("sla-unknown-key", .scenario, hello + "expect:\n  sla: {first_response: 3000}\n"),
    BrokenFile("escalation-unknown-key", .scenario, hello + "expect:\n  escalation: {why: legal}\n"),
    BrokenFile("fault-without-operation", .scenario, "faults:\n  - {error: unavailable}\n" + hello),
    BrokenFile("fault-error-typo", .scenario, "faults:\n  - {operation: billing.refund, error: unavailble}\n" + hello),
    BrokenFile("fault-times-zero", .scenario, "faults:\n  - {operation: billing.refund, times: 0}\n" + hello),
    BrokenFile("version-two", .scenario, "version: 2\n" + hello),
    BrokenFile("version-zero", .scenario, "version: 0\n" + hello),
    BrokenFile("matches-not-compiling", .scenario, "turns:\n  - customer: Hi\n    expect: {matches: \"(refund\"}\n"),
    BrokenFile("customer-dangling", .scenario, "customer: C-9999\n" + hello),
    BrokenFile("scenario-world-dangling", .scenario, "world:\n  charges:\n    - {id: CH-9, customer: C-7, amount: 5.00}\n" + hello),
    BrokenFile("scenario-world-missing-amount", .scenario, "world:\n  charges:\n    - {id: CH-9, customer: C-1001}\n" + hello),
    BrokenFile("waive-unknown-policy", .scenario, "waive: [refund-limits]\n" + hello),
    BrokenFile("duplicate-key", .scenario, "title: A\ntitle: B\n" + hello),
    BrokenFile("intent-typo", .scenario, "turns:\n  - customer: Hi\n    expect: {intent: billing.double_charged}\n"),
    BrokenFile("intent-glob-matches-nothing", .scenario, "turns:\n  - customer: Hi\n    expect: {intent: \"shipping.*\"}\n"),
    BrokenFile("asks-for-typo", .scenario, "turns:\n  - customer: Where is it?\n    expect: {asks_for: oder_id}\n"),
    BrokenFile("tab-indentation", .scenario, "turns:\n\t- customer: Hi\n"),
    BrokenFile("bad-indentation", .scenario, "title: Indented\n  channel: chat\nturns:\n  - customer: Hi\n"),
    BrokenFile("unclosed-quote", .scenario, "title: \"Charged twice\nturns:\n  - customer: Hi\n"),
    BrokenFile("unclosed-bracket", .scenario, "tags: [billing, refund\nturns:\n  - customer: Hi\n"),
    BrokenFile("colon-in-value", .scenario, "title: Refund: charged twice\nturns:\n  - customer: Hi\n"),
    BrokenFile("not-a-mapping", .scenario, "- customer: Hi\n"),
    BrokenFile("empty-file", .scenario, ""),
    BrokenFile("control-character-in-id", .scenario, "id: \"billing/\\u0007bell\"\n" + hello),
    BrokenFile("control-character-in-tag", .scenario, "tags: [\"bill\\ting\"]\n" + hello),
    BrokenFile("control-character-in-reference", .scenario, "customer: \"C-1001\\u0000\"\n" + hello),
    // World
    BrokenFile("customer-without-name", .world, "customers:\n  - {id: C-2001, email: a@example.com}\n"),
    BrokenFile("customer-tier-typo", .world, "customers:\n  - {id: C-2001, name: Al, tier: gold}\n"),
    BrokenFile("customer-unknown-field", .world, "customers:\n  - {id: C-2001, name: Al, emial: a@example.com}\n"),
    BrokenFile("since-impossible-month", .world, "customers:\n  - {id: C-2001, name: Al, since: 2026-13-01}\n"),
    BrokenFile("since-impossible-day", .world, "customers:\n  - {id: C-2001, name: Al, since: 2026-02-30}\n"),
    BrokenFile("since-words", .world, "customers:\n  - {id: C-2001, name: Al, since: last spring}\n"),
    BrokenFile("charge-amount-words", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: forty-nine}\n"),
    BrokenFile("charge-amount-negative", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: -5}\n"),
    BrokenFile("charge-created-bad-time", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: 5, created: 2026-11-01T25:00:00Z}\n"),
    BrokenFile("charge-dangling-customer", .world, "charges:\n  - {id: CH-9001, customer: C-4040, amount: 5}\n"),
    BrokenFile("duplicate-charge-id", .world, "charges:\n  - {id: CH-4001, customer: C-1001, amount: 5}\n"),
    BrokenFile("unknown-collection", .world, "payments:\n  - {id: P-1}\n"),
    BrokenFile("collection-not-a-list", .world, "products: {sku: X-1, name: X, price: 1, stock: 1}\n"),
    BrokenFile("product-stock-fraction", .world, "products:\n  - {sku: X-1, name: X, price: 1, stock: 2.5}\n"),
    BrokenFile("order-status-missing", .world, "orders:\n  - {id: ORD-9001, customer: C-1001}\n"),
    BrokenFile("order-item-qty-zero", .world, "orders:\n  - {id: ORD-9001, customer: C-1001, status: pending, items: [{sku: KB-200, qty: 0}]}\n"),
    BrokenFile("shipment-status-typo", .world, "orders:\n  - {id: ORD-9001, customer: C-1001, status: shipped, shipment: {status: shipped}}\n"),
    BrokenFile("ticket-priority-typo", .world, "tickets:\n  - {id: T-9001, customer: C-1001, subject: Help, priority: critical}\n"),
    BrokenFile("world-version-two", .world, "version: 2\ncustomers: []\n"),
    BrokenFile("sku-with-newline", .world, "products:\n  - {sku: \"X-1\\n\", name: X, price: 1, stock: 1}\n"),
    BrokenFile("date-time-without-seconds", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: 5, created: 2026-11-01T10:02Z}\n"),
    BrokenFile("customer-null-name", .world, "customers:\n  - {id: C-2001, name: null}\n"),
    BrokenFile("amount-quoted", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: \"49.00\"}\n"),
    // Policies
    BrokenFile("policy-two-rules", .policies, policy("    never_call: [crm.close_account]\n    limit: {action: billing.refund, arg: amount, max: 100}\n")),
    BrokenFile("policy-no-rule", .policies, policy("")),
    BrokenFile("policy-severity-typo", .policies, "policies:\n  - {id: p1, description: A rule., severity: high, never_call: [crm.close_account]}\n"),
    BrokenFile("policy-missing-description", .policies, "policies:\n  - {id: p1, severity: minor, never_call: [crm.close_account]}\n"),
    BrokenFile("policy-limit-without-max", .policies, policy("    limit: {action: billing.refund, arg: amount}\n")),
    BrokenFile("policy-limit-otherwise-typo", .policies, policy("    limit: {action: billing.refund, arg: amount, max: 100, otherwise: escalated}\n")),
    BrokenFile("policy-never-call-unknown", .policies, policy("    never_call: [crm.close]\n")),
    BrokenFile("policy-must-escalate-empty", .policies, policy("    must_escalate: {}\n")),
    BrokenFile("policy-never-say-empty", .policies, policy("    never_say: {phrases: []}\n")),
    BrokenFile("policy-tier-typo", .policies, policy("    must_escalate: {tier: [gold]}\n")),
    BrokenFile("policy-duplicate-id", .policies, "policies:\n  - {id: p1, description: A., severity: minor, never_call: [crm.close_account]}\n  - {id: p1, description: B., severity: minor, never_call: [billing.refund]}\n"),
    BrokenFile("policies-not-a-list", .policies, "policies: {id: p1}\n"),
    // Config
    BrokenFile("gate-name-typo", .config, "gates:\n  scenario_pass_rat: {min: 0.9}\n"),
    BrokenFile("gate-percent-min", .config, "gates:\n  scenario_pass_rate: {min: 90}\n"),
    BrokenFile("gate-percent-max", .config, "gates:\n  hallucination_rate: {max: 95}\n"),
    BrokenFile("gate-without-bound", .config, "gates:\n  policy_compliance: {}\n"),
    BrokenFile("gate-unknown-bound", .config, "gates:\n  policy_compliance: {minimum: 1}\n"),
    BrokenFile("config-version-two", .config, "version: 2\n"),
    BrokenFile("agent-typo", .config, "agent: referense\n"),
    BrokenFile("agent-two-kinds", .config, "agent: {exec: [python3, agent.py], http: \"http://localhost:8080\"}\n"),
    BrokenFile("agent-no-kind", .config, "agent: {}\n"),
    BrokenFile("repeat-zero", .config, "repeat: 0\n"),
    BrokenFile("jobs-word", .config, "jobs: many\n"),
    BrokenFile("clock-start-day-only", .config, "clock: {start: 2026-11-20}\n"),
    BrokenFile("clock-start-impossible", .config, "clock: {start: 2026-11-31T09:00:00Z}\n"),
    BrokenFile("latency-unknown-backend", .config, "backends:\n  latency_ms: {shipping: 100}\n"),
    BrokenFile("costs-string", .config, "costs: {human_minute: cheap}\n"),
    BrokenFile("unknown-config-key", .config, "gate:\n  scenario_pass_rate: {min: 0.9}\n"),
    BrokenFile("intents-not-strings", .config, "intents: {billing.refund: example}\n"),
    BrokenFile("world-path-missing", .config, "world: scenarios/wrld\n"),
    BrokenFile("openai-without-model", .config, "agent: {openai: {base_url: \"http://localhost:1\"}}\n"),
    BrokenFile("rate-gate-negative", .config, "gates:\n  policy_compliance: {min: -0.5}\n"),
    BrokenFile("jobs-zero", .config, "jobs: 0\n"),
    BrokenFile("repeat-quoted", .config, "repeat: \"3\"\n"),
]

/// Unusual but valid files: both validators must accept them (the schema once rejected `(?i)`).
let acceptedFiles: [BrokenFile] = [
    BrokenFile("case-insensitive-regex", .scenario, "turns:\n  - customer: Hi\n    expect: {matches: \"(?i)refund\", not_matches: [\"\\\\bsorry\\\\b\"]}\n"),
    BrokenFile("numeric-customer-id-as-text", .world, "customers:\n  - {id: 2001, name: Al}\ncharges:\n  - {id: 9001, customer: 2001, amount: 5}\n"),
    BrokenFile("date-time-with-offset", .world, "charges:\n  - {id: CH-9001, customer: C-1001, amount: 5, created: 2026-11-01T10:02:00.5+02:00}\n"),
    BrokenFile("one-or-many", .scenario, "turns:\n  - customer: Hi\n    expect: {mentions: \"49.00\", asks_for: [last4, email], forbidden_actions: \"billing.*\"}\n"),
    BrokenFile("argument-matchers", .scenario, hello + "expect:\n  actions:\n    - {call: billing.refund, args: {charge_id: {glob: \"CH-*\"}, amount: 49}, times: 1}\n  ordered: true\n  state:\n    tickets: {count: 1}\n"),
    BrokenFile("custom-fact", .scenario, "knows: {account_number: \"12345\"}\nturns:\n  - customer: Hi\n    expect: {asks_for: account_number}\n"),
    BrokenFile("intent-glob", .scenario, "turns:\n  - customer: Hi\n    expect: {intent: \"billing.*\"}\n"),
    BrokenFile("policy-phrases", .policies, policy("    never_say: {phrases: [\"guaranteed\"]}\n")),
    BrokenFile("gates-min-and-max", .config, "gates:\n  scenario_pass_rate: {min: 0.9, max: 1}\n  frt_ms.p95: {max: 30000}\n  drift.regressions: {max: 0}\n"),
    BrokenFile("exec-agent-with-intents", .config, "agent: {exec: [python3, agent.py]}\nintents: [billing.double_charge, billing.refund_request, order.status]\n"),
    BrokenFile("intents-with-examples", .config, "intents:\n  billing.refund_request: [\"I want my money back\"]\n  billing.double_charge: []\n  order.status: [Where is my parcel?]\n"),
    BrokenFile("alias", .scenario, "title: &t Charged twice\ntags: [*t]\n" + hello),
    BrokenFile("jobs-number-and-clock", .config, "jobs: 4\nclock: {start: 2026-11-20T09:00:00Z}\nversion: 1\n"),
]
