import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// `state:` checks on every collection the backends write: `{count: N}` counts the customer's
/// records, directly or through their relations, and a passing check shows the record it matched.
struct StateCheckTests {
    static let world: [String: String] = [
        "supportsim.yml": "version: 1\nname: State\nclock: {start: 2026-11-20T09:00:00Z}\n",
        "scenarios/world/world.yaml": """
            customers:
              - {id: C-1, name: Ann Lee, email: ann@example.com}
              - {id: C-2, name: Bo Kim, email: bo@example.com}
            invoices:
              - {id: INV-1, customer: C-1, amount: 49.00, status: paid, issued: 2026-11-01}
              - {id: INV-2, customer: C-2, amount: 20.00, status: paid, issued: 2026-11-01}
            charges:
              - {id: CH-1, customer: C-1, invoice: INV-1, amount: 49.00, status: succeeded, created: 2026-11-01T10:00:00Z}
              - {id: CH-2, customer: C-2, invoice: INV-2, amount: 20.00, status: succeeded, created: 2026-11-01T10:00:00Z, refunded: 5.00}
            refunds:
              - {id: RF-9, charge: CH-2, amount: 5.00, reason: other customer's, status: succeeded}
            products:
              - {sku: KB-1, name: Keyboard, price: 49.00, stock: 3}
            orders:
              - {id: ORD-1, customer: C-1, status: delivered, placed: 2026-11-10, delivered: 2026-11-15, total: 49.00, items: [{sku: KB-1, qty: 1, price: 49.00}]}
              - {id: ORD-2, customer: C-2, status: delivered, placed: 2026-11-10, delivered: 2026-11-15, total: 49.00, items: [{sku: KB-1, qty: 1, price: 49.00}]}
            returns:
              - {id: RT-9, order: ORD-2, items: [KB-1], reason: other customer's, status: label_sent}
            """,
    ]

    /// Every write that creates a record, made for C-1.
    static let creator = ClosureAgent { _, tools in
        _ = await tools.call("billing.refund", ["charge_id": "CH-1", "amount": 10, "reason": "duplicate"])
        _ = await tools.call("billing.apply_credit", ["customer_id": "C-1", "amount": 5, "reason": "sorry"])
        _ = await tools.call("orders.create_return", ["order_id": "ORD-1", "items": ["KB-1"], "reason": "broken"])
        _ = await tools.call("tickets.create", ["customer_id": "C-1", "subject": "s", "description": "d", "priority": "low"])
        _ = await tools.call("crm.log_interaction", ["customer_id": "C-1", "summary": "talked"])
        return AgentReply(text: "Done.")
    }
    static let idle = ClosureAgent { _, _ in AgentReply(text: "Hello.") }
    static let collections = ["refunds", "credits", "returns", "tickets", "interactions"]

    func run(_ agent: any SupportAgent, count: Int, customer: String? = "C-1") async throws -> ScenarioResult {
        let counts = Self.collections.map { "    \($0): {count: \(count)}" }.joined(separator: "\n")
        let scenario = (customer.map { "customer: \($0)\n" } ?? "") + "turns:\n  - customer: Hi\nexpect:\n  state:\n\(counts)\n"
        let root = Fixtures.suite(Self.world.merging(["scenarios/s.yaml": scenario]) { $1 })
        let suite = try SuiteLoader(root: root).load()
        return try #require(await SuiteRunner(suite: suite, agent: agent).run().first)
    }

    func stateChecks(_ r: ScenarioResult) -> [String: Bool?] {
        var result: [String: Bool?] = [:]
        for c in r.checks where c.kind == "state" { result[c.expected.objectValue?.keys.first ?? "?"] = c.passed }
        return result
    }

    @Test func everyCreatedRecordIsCountedForItsCustomer() async throws {
        let r = try await run(Self.creator, count: 1)
        #expect(stateChecks(r) == Dictionary(uniqueKeysWithValues: Self.collections.map { ($0, true) }),
                "\(r.checks.filter { $0.passed == false }.map { "\($0.expected.jsonText()) got \($0.actual.jsonText())" })")
    }

    @Test func noRecordIsCountedWhenTheAgentCreatesNone() async throws {
        let none = try await run(Self.idle, count: 0)
        #expect(stateChecks(none) == Dictionary(uniqueKeysWithValues: Self.collections.map { ($0, true) }))
        let one = try await run(Self.idle, count: 1)
        #expect(stateChecks(one) == Dictionary(uniqueKeysWithValues: Self.collections.map { ($0, false) }))
    }

    @Test func anotherCustomersRecordsAreNotCounted() async throws {
        // C-2's refund RF-9 (through CH-2) and return RT-9 (through ORD-2) are in the world.
        let r = try await run(Self.idle, count: 0)
        let refunds = try #require(r.checks.first { $0.kind == "state" && $0.expected.objectValue?.keys.first == "refunds" })
        #expect(refunds.passed == true)
        #expect(refunds.actual == ["refunds": ["count": 0]])
    }

    @Test func aPassingRecordCheckShowsTheRecordThatMatched() async throws {
        let scenario = "customer: C-1\nturns:\n  - customer: Hi\nexpect:\n  state:\n    refunds: [{charge: CH-1, amount: 10}]\n"
        let root = Fixtures.suite(Self.world.merging(["scenarios/s.yaml": scenario]) { $1 })
        let suite = try SuiteLoader(root: root).load()
        let r = try #require(await SuiteRunner(suite: suite, agent: Self.creator).run().first)
        let check = try #require(r.checks.first { $0.kind == "state" })
        #expect(check.passed == true)
        #expect(check.actual["charge"] == "CH-1")
        #expect(check.actual["id"]?.stringValue?.hasPrefix("RF-") == true)
    }

    @Test func anActionCanBeRequiredToHaveSucceededWithAGivenResult() async throws {
        let scenario = """
            customer: C-1
            turns:
              - customer: Hi
            expect:
              actions:
                - {call: crm.verify_identity, result: {verified: true}}
            """
        let world = Self.world.merging([
            "scenarios/world/world.yaml": Self.world["scenarios/world/world.yaml"]!
                .replacingOccurrences(of: "{id: C-1, name: Ann Lee, email: ann@example.com}",
                                      with: "{id: C-1, name: Ann Lee, email: ann@example.com, verification: {last4: \"4242\"}}"),
            "scenarios/s.yaml": scenario,
        ]) { $1 }
        let suite = try SuiteLoader(root: Fixtures.suite(world)).load()
        func verifying(_ last4: String) -> ClosureAgent {
            ClosureAgent { _, tools in
                _ = await tools.call("crm.verify_identity", ["customer_id": "C-1", "method": "last4", "value": .string(last4)])
                return AgentReply(text: "Checked.")
            }
        }
        let wrong = try #require(await SuiteRunner(suite: suite, agent: verifying("0000")).run().first)
        let right = try #require(await SuiteRunner(suite: suite, agent: verifying("4242")).run().first)
        #expect(wrong.checks.first { $0.kind == "action" }?.passed == false)
        #expect(wrong.checks.first { $0.kind == "action" }?.actual.arrayValue?.first?["result"]?["verified"] == false)
        #expect(right.checks.first { $0.kind == "action" }?.passed == true)
    }
}
