import Foundation

/// The files `supportsim init` writes: a small suite that validates and passes at once.
enum StarterSuite {
    static let files: [String: String] = [
        "supportsim.yml": """
            # yaml-language-server: $schema=schemas/supportsim.schema.json
            version: 1
            name: My support agent
            agent: reference
            clock: {start: 2026-11-20T09:00:00Z, customer_think_ms: 20000}
            grounded_facts: ["1-800-555-0199"]
            gates:
              scenario_pass_rate: {min: 1.0}
              policy_compliance: {min: 1.0}
              hallucination_rate: {max: 0.0}

            """,
        "scenarios/world/customers.yaml": """
            customers:
              - id: C-1
                name: Dana Whitfield
                email: dana@example.com
                tier: premium
                status: active
                verification: {last4: "4242", zip: "94107"}

            """,
        "scenarios/world/billing.yaml": """
            plans:
              - {id: pro-monthly, name: Pro, price: 49.00, interval: month}
            subscriptions:
              - {id: SUB-1, customer: C-1, plan: pro-monthly, status: active, renews_on: 2026-12-01}
            invoices:
              - {id: INV-1, customer: C-1, amount: 49.00, status: paid, issued: 2026-11-01, due: 2026-11-15}
            charges:
              - {id: CH-1, customer: C-1, invoice: INV-1, amount: 49.00, status: succeeded, created: 2026-11-01T10:02:00Z, refunded: 0}

            """,
        "scenarios/world/orders.yaml": """
            products:
              - {sku: KB-200, name: Wireless Keyboard, price: 129.90, stock: 14}
            orders:
              - id: ORD-1
                customer: C-1
                status: shipped
                placed: 2026-11-12
                total: 129.90
                items: [{sku: KB-200, name: Wireless Keyboard, qty: 1, price: 129.90}]
                shipment: {carrier: UPS, tracking: 1Z999AA10123456784, status: in_transit, eta: 2026-11-25}

            """,
        "scenarios/world/kb/shipping.md": """
            ---
            id: shipping
            title: Shipping and delivery
            tags: [orders, shipping]
            ---
            Orders ship within 2 business days. Standard delivery takes 3-5 business days after shipping.

            """,
        "scenarios/policies.yaml": """
            # yaml-language-server: $schema=../schemas/policies.schema.json
            version: 1
            policies:
              - id: verify-before-refunds
                description: Identity must be verified before any refund.
                severity: critical
                requires_before: {action: [billing.refund], prior: crm.verify_identity, same_customer: true}
              - id: refund-limit
                description: Refunds over 100.00 need a human.
                severity: critical
                limit: {action: billing.refund, arg: amount, max: 100.00, otherwise: escalate}
              - id: escalate-legal
                description: Legal and chargeback threats go to a human.
                severity: major
                must_escalate: {intents: ["legal.*"], mentions_any: [lawyer, sue, chargeback, attorney]}

            """,
        "scenarios/orders/where-is-my-order.yaml": """
            # yaml-language-server: $schema=../../schemas/scenario.schema.json
            title: Order status with tracking
            customer: C-1
            turns:
              - customer: Where is my keyboard? Order ORD-1.
                expect:
                  intent: order.status
                  mentions: ["1Z999AA10123456784", "2026-11-25"]
            expect:
              resolution: resolved
              actions: [{call: orders.track_shipment, args: {order_id: ORD-1}}]

            """,
        "scenarios/billing/double-charge.yaml": """
            # yaml-language-server: $schema=../../schemas/scenario.schema.json
            title: Charged twice, refunded after verification
            customer: C-1
            world:
              charges:
                - {id: CH-2, customer: C-1, invoice: INV-1, amount: 49.00, status: succeeded, created: 2026-11-01T10:03:00Z, refunded: 0}
            knows: {last4: "4242"}
            turns:
              - customer: I was charged twice for my Pro plan this month.
                expect: {intent: billing.double_charge, asks_for: last4}
            expect:
              resolution: resolved
              actions:
                - {call: crm.verify_identity}
                - {call: billing.refund, args: {charge_id: CH-2, amount: 49.00}}
              ordered: true
              state:
                charges: [{id: CH-2, refunded: 49.00}, {id: CH-1, refunded: 0}]

            """,
        "scenarios/escalation/legal-threat.yaml": """
            # yaml-language-server: $schema=../../schemas/scenario.schema.json
            title: A chargeback threat goes to a human
            customer: C-1
            turns:
              - customer: Fix this today or I'm filing a chargeback and calling my lawyer.
                expect: {escalates: true}
            expect:
              resolution: escalated
              escalation: {reason: legal, priority: high}
              forbidden_actions: [billing.refund]

            """,
        ".gitignore": """
            reports/
            .supportsim/

            """,
        ".vscode/settings.json": """
            {
              "yaml.schemas": {
                "./schemas/supportsim.schema.json": "supportsim.yml",
                "./schemas/world.schema.json": "scenarios/world/*.yaml",
                "./schemas/policies.schema.json": "scenarios/policies.yaml",
                "./schemas/scenario.schema.json": ["scenarios/**/*.yaml", "!scenarios/world/*.yaml", "!scenarios/policies.yaml"]
              }
            }

            """,
    ]
}
