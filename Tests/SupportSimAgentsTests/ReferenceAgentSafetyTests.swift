import Foundation
@testable import SupportSimAgents
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

// The reference agent follows each suite's world, policies and knowledge base, and takes no
// action nobody asked for (issue 15).

/// Four digits are a card's last four only when said as such or given as a short answer.
struct Last4ExtractionTests {
    @Test(arguments: [
        ("I was charged twice for Gigabit 1000", nil),
        ("My plan is the Fiber 2000 one and the bill is wrong", nil),
        ("I paid 4000 last month for nothing", nil),
        ("4242", "4242"),
        ("it's 4242, thanks", "4242"),
        ("The card ends in 1881", "1881"),
        ("last four digits: 4242", "4242"),
        ("I was charged twice, my card ending with 4242", "4242"),
    ] as [(String, String?)])
    func digitsAreAVerificationFactOnlyWhenSaidAsOne(_ message: String, _ expected: String?) {
        #expect(EntityExtractor.extract(message).last4 == expected)
    }
}

/// The reference agent discloses no record to someone it has not identified as its owner.
struct PrivacyTests {
    func play(_ scenario: String) async throws -> ScenarioResult {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try Data(scenario.utf8).write(to: root.appendingPathComponent("scenarios/privacy.yaml"))
        let suite = try SuiteLoader(root: root).load()
        let r = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(filters: ["privacy"]))
        return try #require(r.first)
    }

    @Test func anAnonymousVisitorGetsNoTrackingNumberOfAnOrderTheyName() async throws {
        let r = try await play("turns:\n  - customer: Where is order ORD-5001? Give me the tracking number.\n")
        let replies = r.record.agentReplies.map(\.text).joined(separator: "\n")
        #expect(!replies.contains("1Z999AA10123456784"), "\(replies)")
        #expect(!r.record.audit.contains { $0.operation.hasPrefix("orders.") }, "no order is read before the visitor is identified")
    }

    @Test func anotherCustomersOrderIsNotDisclosed() async throws {
        let r = try await play("customer: C-1002\nturns:\n  - customer: Where is order ORD-5001? Give me the tracking number.\n")
        let replies = r.record.agentReplies.map(\.text).joined(separator: "\n")
        #expect(!replies.contains("1Z999AA10123456784"), "\(replies)")
        #expect(replies.contains("only share details of orders on your own account"))
    }
}

/// A `requires_before` policy protects a write whichever specialist makes it: the one guard is at
/// the tool gateway.
struct GatewayGuardTests {
    static let policy = """
          - id: verify-before-cancel
            description: Orders are cancelled only for a verified customer.
            severity: critical
            requires_before: {action: ["orders.cancel_order", "orders.create_return"], prior: crm.verify_identity, same_customer: true}

        """

    func play(_ scenario: String, protect: Bool) async throws -> ScenarioResult {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let policies = root.appendingPathComponent("scenarios/policies.yaml")
        if protect {
            let text = try String(contentsOf: policies, encoding: .utf8)
            try Data((text.hasSuffix("\n") ? text : text + "\n").appending(Self.policy).utf8).write(to: policies)
        }
        try Data(scenario.utf8).write(to: root.appendingPathComponent("scenarios/guard.yaml"))
        let suite = try SuiteLoader(root: root).load()
        let r = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(filters: ["guard"]))
        return try #require(r.first)
    }

    static let cancel = """
        customer: C-1001
        knows: {last4: "4242"}
        world:
          orders:
            - {id: ORD-7001, customer: C-1001, status: pending, placed: 2026-11-19, total: 59.00, items: [{sku: MS-310, qty: 1, price: 59.00}]}
        turns:
          - customer: Please cancel order ORD-7001, I ordered the wrong mouse.
        expect:
          state:
            orders: [{id: ORD-7001, status: cancelled}]

        """

    @Test func aProtectedCancellationIsVerifiedFirstAndThenDone() async throws {
        let r = try await play(Self.cancel, protect: true)
        let ops = r.record.audit.filter(\.succeeded).map(\.operation)
        let verify = try #require(ops.firstIndex(of: "crm.verify_identity"), "\(ops)")
        let cancel = try #require(ops.firstIndex(of: "orders.cancel_order"), "\(ops)")
        #expect(verify < cancel)
        #expect(r.violations.isEmpty, "\(r.violations)")
        #expect(r.status == .pass, "\(r.failureReasons)")
    }

    @Test func withoutThePolicyNoVerificationIsAsked() async throws {
        let r = try await play(Self.cancel, protect: false)
        #expect(!r.record.audit.contains { $0.operation == "crm.verify_identity" })
        #expect(r.status == .pass, "\(r.failureReasons)")
    }

    @Test func aCustomerWhoCannotVerifyGetsNoCancellation() async throws {
        let scenario = Self.cancel.replacingOccurrences(of: "knows: {last4: \"4242\"}\n", with: "")
            .replacingOccurrences(of: "    orders: [{id: ORD-7001, status: cancelled}]", with: "    orders: [{id: ORD-7001, status: pending}]")
        let r = try await play(scenario, protect: true)
        #expect(!r.record.audit.contains { $0.operation == "orders.cancel_order" && $0.succeeded })
        #expect(r.violations.isEmpty, "\(r.violations)")
    }
}

/// Identifier formats come from the suite's world, not from code that knows one company.
struct IdentifierShapeTests {
    static func world(_ records: [String: [String]]) -> World {
        var collections: [String: RecordTable] = [:]
        for (name, ids) in records {
            collections[name] = RecordTable(ids.map { ["id": .string($0)] }, keyField: "id")
        }
        return World(collections: collections, knowledgeBase: KnowledgeBase(articles: []))
    }

    @Test func anotherCompanysOrderNumbersAreRecognisedWhole() {
        let shapes = IdentifierShapes(world: Self.world(["orders": ["BWO-6102", "BWO-6103"], "invoices": ["INV-2026-0042"]]))
        let e = EntityExtractor.extract("Where is bwo-6102? And what is INV-2026-0042 for?", shapes: shapes)
        #expect(e.orderIDs == ["BWO-6102"])
        #expect(e.invoiceIDs == ["INV-2026-0042"])
        #expect(!e.skus.contains("BWO-6102"))
    }

    @Test func theReferenceFormatsStayTheDefault() {
        let e = EntityExtractor.extract("Order ORD-5001, invoice INV-3001, charge CH-4002, ticket T-12")
        #expect(e.orderIDs == ["ORD-5001"] && e.invoiceIDs == ["INV-3001"] && e.chargeIDs == ["CH-4002"] && e.ticketIDs == ["T-12"])
    }

    @Test func aLongerIdIsNeverCutToAShorterShape() {
        let shapes = IdentifierShapes(world: Self.world(["invoices": ["INV-2026-0042", "INV-77"]]))
        #expect(EntityExtractor.extract("about INV-2026-0042 please", shapes: shapes).invoiceIDs == ["INV-2026-0042"])
        #expect(EntityExtractor.extract("about INV-77 please", shapes: shapes).invoiceIDs == ["INV-77"])
    }
}

/// A question about how things work, or a message whose intent is unclear, is answered from the
/// knowledge base (or with a question), never with an action nobody asked for.
struct NoUnaskedActionTests {
    static let writes: Set<String> = [
        "billing.refund", "billing.apply_credit", "billing.change_plan", "billing.cancel_subscription", "orders.cancel_order",
        "orders.create_return", "tickets.create", "crm.update_customer", "account.send_password_reset", "crm.close_account",
    ]

    @Test(arguments: ["How do I restart my router?", "Do your plans have data caps?", "my internet is down, is there an outage?",
                      "What is the return window for headphones?", "Is there a fee to reset the password on the app?"])
    func anInformationalOrUnclearMessageTakesNoSideEffect(_ message: String) async throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let yaml = "customer: C-1001\nturns:\n  - customer: \"\(message)\"\n"
        try Data(yaml.utf8).write(to: root.appendingPathComponent("scenarios/ask.yaml"))
        let suite = try SuiteLoader(root: root).load()
        let r = try #require(await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(filters: ["ask"])).first)
        let written = r.record.audit.map(\.operation).filter { Self.writes.contains($0) }
        #expect(written.isEmpty, "\(message) → \(written)")
        #expect(r.record.handoff == nil, "\(message) was handed off")
        #expect(r.record.agentReplies.first.map { !$0.text.isEmpty } == true)
    }
}

/// A company's own topics, declared with example utterances, are learned beside the built-in
/// intents and answered from its knowledge base.
struct DeclaredIntentTests {
    @Test func aDeclaredIntentIsRecognisedAndAnsweredFromTheKnowledgeBase() async throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let config = root.appendingPathComponent("supportsim.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data((text + """

            intents:
              network.outage:
                - is there an outage in my area
                - my internet is down
                - no connection since this morning, is the network down
                - the internet stopped working for the whole street
                - are you having an outage right now
                - is your service down
            """).utf8).write(to: config)
        try Data("""
            ---
            id: outages
            title: Service outages
            ---
            When there is an outage in your area, our status page lists it within 15 minutes. Restarting your router does not fix an outage.
            """.utf8).write(to: root.appendingPathComponent("scenarios/world/kb/outages.md"))
        try Data("""
            customer: C-1001
            turns:
              - customer: My internet has been down since this morning. Is there an outage?
                expect:
                  intent: network.outage
                  mentions: ["status page"]
            """.utf8).write(to: root.appendingPathComponent("scenarios/outage.yaml"))
        let suite = try SuiteLoader(root: root).load()
        let r = try #require(await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(filters: ["outage"])).first)
        #expect(r.status == .pass, "\(r.failureReasons) \(r.record.agentReplies.map(\.text))")
        #expect(r.record.agentReplies.first?.reply?.citations == ["kb:outages"])
        #expect(!r.record.audit.contains { NoUnaskedActionTests.writes.contains($0.operation) })
    }
}
