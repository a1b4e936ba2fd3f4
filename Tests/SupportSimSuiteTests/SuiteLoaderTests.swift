import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// A minimal valid suite that each malformed case adds one bad file to.
private let baseSuite: [String: String] = [
    "supportsim.yml": "version: 1\nname: Base\n",
    "scenarios/world/customers.yaml": """
        customers:
          - {id: C-1, name: Ann Lee, email: ann@example.com, tier: premium, verification: {last4: "4242"}}
        """,
    "scenarios/world/billing.yaml": """
        invoices:
          - {id: INV-1, customer: C-1, amount: 49.00, status: paid, issued: 2026-11-01}
        charges:
          - {id: CH-1, customer: C-1, invoice: INV-1, amount: 49.00, status: succeeded, created: 2026-11-01T10:00:00Z}
        """,
    "scenarios/policies.yaml": """
        policies:
          - {id: no-closure, description: Humans close accounts., severity: critical, never_call: [crm.close_account]}
        """,
    "scenarios/ok.yaml": "turns:\n  - customer: Hello\n",
]

struct SuiteLoaderTests {
    @Test func theContractExampleLoads() throws {
        let suite = try Fixtures.loadAcmeMini()
        #expect(suite.scenarios.map(\.id).sorted() == [
            "billing/double-charge", "billing/large-refund", "escalation/legal-threat", "orders/where-is-my-order",
        ])
        #expect(suite.policies.count == 5)
        #expect(suite.world.knowledgeBase.articles.map(\.id) == ["refund-policy", "shipping"])
        let charge = try #require(suite.world["charges"].record(id: "CH-4001"))
        #expect(charge["amount"] == .number(Decimal(string: "49.00")!))
        #expect(suite.config.clockStart == ISODate.parseDateTime("2026-11-20T09:00:00Z"))
        #expect(suite.config.gates.map(\.metric) == ["hallucination_rate", "policy_compliance", "scenario_pass_rate"])
    }

    @Test func scenarioIDsDefaultToThePathWithoutExtension() throws {
        let root = Fixtures.suite(baseSuite.merging(["scenarios/billing/deep/x.yml": "turns: [{customer: Hi}]\n"]) { $1 })
        let ids = try SuiteLoader(root: root).load().scenarios.map(\.id)
        #expect(ids == ["billing/deep/x", "ok"])
    }

    @Test func filesStartingWithUnderscoreOrDotAreNotScenarios() throws {
        let root = Fixtures.suite(baseSuite.merging([
            "scenarios/_drafts/x.yaml": "not: a scenario\n", "scenarios/.hidden.yaml": "nor: this\n",
        ]) { $1 })
        #expect(try SuiteLoader(root: root).load().scenarios.map(\.id) == ["ok"])
    }

    @Test func moneyRoundTripsAsDecimal() throws {
        let root = Fixtures.suite(baseSuite.merging([
            "scenarios/world/extra.yaml": "products:\n  - {sku: KB-1, name: Keyboard, price: 49.90, stock: 3}\n",
        ]) { $1 })
        let suite = try SuiteLoader(root: root).load()
        let price = try #require(suite.world["products"].record(id: "KB-1")?["price"]?.decimalValue)
        #expect(price == Decimal(string: "49.90")!)
        #expect(price.moneyString == "49.90")
    }

    @Test func everyProblemOfTheSuiteIsReportedAtOnce() throws {
        let root = Fixtures.suite(baseSuite.merging([
            "scenarios/a.yaml": "turns: [{customer: Hi}]\nchanel: chat\n",
            "scenarios/b.yaml": "turns: []\n",
        ]) { $1 })
        let error = try #require(throws: SuiteLoadError.self) { try SuiteLoader(root: root).load() }
        #expect(error.diagnostics.map(\.file) == ["scenarios/a.yaml", "scenarios/b.yaml"])
    }

    @Test func skipInvalidKeepsTheValidScenariosAndListsTheOthers() throws {
        let root = Fixtures.suite(baseSuite.merging(["scenarios/broken.yaml": "turns: 3\n"]) { $1 })
        let suite = try SuiteLoader(root: root).load(skipInvalid: true)
        #expect(suite.scenarios.map(\.id) == ["ok"])
        #expect(suite.invalidScenarios.map(\.id) == ["broken"])
        #expect(suite.invalidScenarios.first?.diagnostics.first?.description
                == "scenarios/broken.yaml:1:8: turns: expected a list, found \"3\"")
    }

    // MARK: - Malformed files

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "bad YAML", file: "scenarios/x.yaml", text: "turns:\n  - customer: [unclosed\n",
                  expected: "scenarios/x.yaml:2:15: invalid YAML: this [ list is not closed with ] (or a comma is missing between its items)"),
        Malformed(name: "empty file", file: "scenarios/x.yaml", text: "",
                  expected: "scenarios/x.yaml:1:1: expected a mapping, found an empty file"),
        Malformed(name: "top level is a list", file: "scenarios/x.yaml", text: "- a\n- b\n",
                  expected: "scenarios/x.yaml:1:1: expected a mapping, found a list"),
        Malformed(name: "missing turns", file: "scenarios/x.yaml", text: "title: No turns\n",
                  expected: "scenarios/x.yaml:1:1: missing required key \"turns\" (or a goal: for a model-driven customer)"),
        Malformed(name: "no turns", file: "scenarios/x.yaml", text: "turns: []\n",
                  expected: "scenarios/x.yaml:1:8: turns: expected at least 1 item, found 0"),
        Malformed(name: "unknown key with suggestion", file: "scenarios/x.yaml",
                  text: "turns:\n  - customer: Hi\n    expect: {mentons: [a]}\n",
                  expected: "scenarios/x.yaml:3:14: turns[0].expect: unknown key \"mentons\"; did you mean \"mentions\"? (expected one of: intent, mentions, not_mentions, matches, not_matches, actions, forbidden_actions, escalates, asks_for, judge)"),
        Malformed(name: "wrong type for turns", file: "scenarios/x.yaml", text: "turns: hello\n",
                  expected: "scenarios/x.yaml:1:8: turns: expected a list, found \"hello\""),
        Malformed(name: "wrong type for escalates", file: "scenarios/x.yaml",
                  text: "turns:\n  - customer: Hi\n    expect: {escalates: sometimes}\n",
                  expected: "scenarios/x.yaml:3:25: turns[0].expect.escalates: expected true or false, found \"sometimes\""),
        Malformed(name: "money in words", file: "scenarios/x.yaml",
                  text: "turns: [{customer: Hi}]\nexpect:\n  actions:\n    - {call: billing.refund, args: {charge_id: CH-1, amount: forty-nine}}\n",
                  expected: "scenarios/x.yaml:4:62: expect.actions[0].args.amount: expected a decimal number, found \"forty-nine\""),
        Malformed(name: "unknown operation", file: "scenarios/x.yaml",
                  text: "turns: [{customer: Hi}]\nexpect:\n  forbidden_actions: [billing.refnd]\n",
                  expected: "scenarios/x.yaml:3:23: expect.forbidden_actions[0]: unknown operation \"billing.refnd\"; did you mean \"billing.refund\"?"),
        Malformed(name: "glob that matches nothing", file: "scenarios/x.yaml",
                  text: "turns: [{customer: Hi}]\nexpect:\n  forbidden_actions: [\"payments.*\"]\n",
                  expected: "scenarios/x.yaml:3:23: expect.forbidden_actions[0]: \"payments.*\" matches no operation"),
        Malformed(name: "unknown argument", file: "scenarios/x.yaml",
                  text: "turns: [{customer: Hi}]\nexpect:\n  actions: [{call: orders.get_order, args: {order: ORD-1}}]\n",
                  expected: "scenarios/x.yaml:3:52: expect.actions[0].args.order: orders.get_order has no argument \"order\"; did you mean \"order_id\"? (its arguments: order_id)"),
        Malformed(name: "dangling scenario customer", file: "scenarios/x.yaml", text: "customer: C-404\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/x.yaml:1:11: customer: unknown customer \"C-404\": no record with that id in customers"),
        Malformed(name: "dangling charge customer", file: "scenarios/world/more.yaml",
                  text: "charges:\n  - {id: CH-2, customer: C-404, amount: 5.00}\n",
                  expected: "scenarios/world/more.yaml:2:26: charges[0].customer: unknown customer \"C-404\": no record with that id in customers"),
        Malformed(name: "dangling order product", file: "scenarios/world/more.yaml",
                  text: "orders:\n  - {id: O-1, customer: C-1, status: pending, items: [{sku: NOPE, qty: 1}]}\n",
                  expected: "scenarios/world/more.yaml:2:61: orders[0].items[0].sku: unknown product \"NOPE\": no record with that sku in products"),
        Malformed(name: "duplicate id", file: "scenarios/world/more.yaml",
                  text: "customers:\n  - {id: C-1, name: Again}\n",
                  expected: "scenarios/world/more.yaml:2:10: customers[0].id: duplicate id \"C-1\" in customers (first defined at scenarios/world/customers.yaml:2:10)"),
        Malformed(name: "duplicate scenario id", file: "scenarios/y.yaml", text: "id: ok\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/y.yaml:1:5: id: duplicate scenario id \"ok\" (also in scenarios/ok.yaml)"),
        Malformed(name: "bad date", file: "scenarios/world/more.yaml",
                  text: "invoices:\n  - {id: INV-2, customer: C-1, amount: 1.00, issued: 2026-02-30}\n",
                  expected: "scenarios/world/more.yaml:2:54: invoices[0].issued: expected a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), found \"2026-02-30\""),
        Malformed(name: "negative money", file: "scenarios/world/more.yaml",
                  text: "plans:\n  - {id: p, name: P, price: -1.00}\n",
                  expected: "scenarios/world/more.yaml:2:29: plans[0].price: expected a decimal number of at least 0, found -1.00"),
        Malformed(name: "policy with two rule kinds", file: "scenarios/policies.yaml",
                  text: "policies:\n  - id: p\n    description: d\n    severity: major\n    never_call: [crm.close_account]\n    limit: {action: billing.refund, arg: amount, max: 10}\n",
                  expected: "scenarios/policies.yaml:2:5: policies[0]: a policy has exactly one rule, found limit and never_call"),
        Malformed(name: "policy with no rule", file: "scenarios/policies.yaml",
                  text: "policies:\n  - {id: p, description: d, severity: major}\n",
                  expected: "scenarios/policies.yaml:2:5: policies[0]: a policy needs exactly one rule (requires_before, limit, must_escalate, never_say, never_call), found none"),
        Malformed(name: "bad severity", file: "scenarios/policies.yaml",
                  text: "policies:\n  - {id: p, description: d, severity: critcal, never_call: [crm.close_account]}\n",
                  expected: "scenarios/policies.yaml:2:39: policies[0].severity: expected one of critical, major, minor, found \"critcal\"; did you mean \"critical\"?"),
        Malformed(name: "invalid regex", file: "scenarios/x.yaml",
                  text: "turns: [{customer: Hi, expect: {matches: \"(unclosed\"}}]\n",
                  expected: "scenarios/x.yaml:1:42: turns[0].expect.matches: invalid regular expression \"(unclosed\""),
        Malformed(name: "newer version", file: "scenarios/x.yaml", text: "version: 2\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/x.yaml:1:10: version: version 2 is newer than this program understands (1); upgrade supportsim"),
        Malformed(name: "unknown channel", file: "scenarios/x.yaml", text: "channel: fax\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/x.yaml:1:10: channel: expected one of chat, email, whatsapp, sms, voice, found \"fax\""),
        Malformed(name: "waiver of an unknown policy", file: "scenarios/x.yaml", text: "waive: [no-closur]\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/x.yaml:1:9: waive[0]: unknown policy \"no-closur\"; did you mean \"no-closure\"?"),
        Malformed(name: "unknown config key", file: "supportsim.yml", text: "name: X\nrepet: 3\n",
                  expected: "supportsim.yml:2:1: unknown key \"repet\"; did you mean \"repeat\"? (expected one of: version, name, scenarios, world, policies, tools, agent, repeat, jobs, timeouts, clock, backends, costs, grounded_facts, intents, sla, gates, readiness, drift, judge, customer_model, history, reports, domain, tau)"),
        Malformed(name: "unknown gate metric", file: "supportsim.yml", text: "gates:\n  pass_rate: {min: 0.9}\n",
                  expected: "supportsim.yml:2:14: gates.pass_rate: unknown metric \"pass_rate\"; did you mean \"scenario_pass_rate\"?"),
        Malformed(name: "duplicate YAML key", file: "scenarios/x.yaml", text: "title: a\ntitle: b\nturns: [{customer: Hi}]\n",
                  expected: "scenarios/x.yaml:1:1: invalid YAML: duplicate key \"title\""),
        Malformed(name: "article without front matter", file: "scenarios/world/kb/a.md", text: "Just text.\n",
                  expected: "scenarios/world/kb/a.md:1:1: expected front matter between --- lines with id and title, found none"),
        Malformed(name: "article missing title", file: "scenarios/world/kb/a.md", text: "---\nid: a\n---\nBody.\n",
                  expected: "scenarios/world/kb/a.md:2:1: missing required key \"title\""),
    ]

    @Test(arguments: malformed)
    func malformedFilesAreReportedPrecisely(_ c: Malformed) throws {
        let root = Fixtures.suite(baseSuite.merging([c.file: c.text]) { $1 })
        let error = try #require(throws: SuiteLoadError.self) { try SuiteLoader(root: root).load() }
        #expect(error.diagnostics.map(\.description) == [c.expected])
    }
}
