import Foundation
@testable import SupportSimAgents
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// The reference agent reads its rules from the suite, never from a particular scenario.
struct ReferenceAgentTests {
    func run(_ root: URL, _ filter: String) async throws -> ScenarioResult {
        let suite = try SuiteLoader(root: root).load()
        return try #require(await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(filters: [filter])).first)
    }

    @Test func passesEveryAcmeMiniScenario() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let results = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run()
        for r in results { #expect(r.status == .pass, "\(r.id): \(r.failureReasons)") }
        #expect(results.count == 4)
    }

    @Test func aHigherRefundLimitLetsItRefundWhatItEscalatedBefore() async throws {
        let strict = try await run(Fixtures.acmeMini, "billing/large-refund")
        #expect(strict.record.escalated)
        #expect(!strict.record.audit.contains { $0.operation == "billing.refund" })

        let root = Fixtures.copy(Fixtures.acmeMini)
        let policies = root.appendingPathComponent("scenarios/policies.yaml")
        let text = try String(contentsOf: policies, encoding: .utf8).replacingOccurrences(of: "max: 100.00", with: "max: 250.00")
        try Data(text.utf8).write(to: policies)
        let lenient = try await run(root, "billing/large-refund")
        #expect(!lenient.record.escalated)
        let refund = try #require(lenient.record.audit.first { $0.operation == "billing.refund" && $0.succeeded })
        #expect(refund.arguments["amount"]?.decimalValue == 199)
        #expect(lenient.record.audit.contains { $0.operation == "crm.verify_identity" }, "still verifies first")
    }

    @Test func itAnswersFromTheSuitesOwnKnowledgeBase() async throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let question = "turns:\n  - customer: How long does shipping take?\n"
        try Data(question.utf8).write(to: root.appendingPathComponent("scenarios/q.yaml"))
        let before = try await run(root, "q")
        #expect(before.record.agentReplies.first?.text.contains("3-5 business days") == true)

        let article = """
            ---
            id: shipping
            title: Shipping and delivery
            ---
            Orders ship the same day. Express delivery takes 1-2 business days.
            """
        try Data(article.utf8).write(to: root.appendingPathComponent("scenarios/world/kb/shipping.md"))
        let after = try await run(root, "q")
        let reply = try #require(after.record.agentReplies.first?.text)
        #expect(reply.contains("1-2 business days"))
        #expect(!reply.contains("3-5"))
        #expect(after.record.agentReplies.first?.reply?.citations == ["kb:shipping"])
    }

    /// Role-based access is enforced where calls are made: a specialist's call to another
    /// system never reaches the backends, and its own system's calls do.
    @Test func aSpecialistsCallToAnotherSystemIsRefusedBeforeTheBackends() async throws {
        let gateway = RecordingGateway()
        let input = TurnInput(conversation: "c#1", scenario: "c", turn: 0, channel: .chat, customerID: "C-1",
                              message: "hi", now: Date(timeIntervalSince1970: 1_795_000_000))
        let context = TurnContext(input: input, tools: gateway, policies: PolicyBook(policies: []),
                                  memory: ConversationMemory(customerID: "C-1", evidence: Evidence(year: 2026)),
                                  intent: "billing.refund_request", confidence: 1)
        let refused = await context.call(.billing, "crm.close_account", ["customer_id": "C-1", "reason": "x"])
        #expect(refused == .failure(ToolError(.forbidden, "billing may not call crm.close_account")))
        let escalationRefund = await context.call(.escalation, "billing.refund", ["charge_id": "CH-1", "amount": 1, "reason": "x"])
        #expect(escalationRefund.isSuccess == false)
        #expect(gateway.calls.isEmpty, "refused calls never reach the backends")
        _ = await context.call(.billing, "billing.list_charges", ["customer_id": "C-1"])
        _ = await context.call(.crm, "account.send_password_reset", ["customer_id": "C-1"])
        #expect(gateway.calls == ["billing.list_charges", "account.send_password_reset"])
        #expect(context.trace.map(\.decision).contains("refused: the billing agent may not call crm.close_account"))
    }

    @Test(arguments: ["", "   ", "\n\t", "?", "..."])
    func anEmptyMessageGetsAClarifyingQuestionAndNoAction(_ message: String) async throws {
        let suite = try Fixtures.loadAcmeMini()
        let agent = ReferenceAgent(suite: suite)
        let gateway = RecordingGateway()
        let turn = TurnInput(conversation: "empty#1", scenario: "empty", turn: 0, channel: .chat, customerID: nil,
                             message: message, now: Date(timeIntervalSince1970: 1_795_000_000))
        let reply = try await agent.respond(to: turn, tools: gateway)
        #expect(reply.text.hasSuffix("?"))
        #expect(!reply.text.contains("can't reach"))
        #expect(reply.escalate == nil)
        #expect(gateway.calls.isEmpty, "no backend is called for an empty message")
    }

    /// A message's reading is kept for the next time it is sent: an agent that has read every
    /// message before answers the bundled suite's trials as a fresh agent does.
    @Test func aMessageReadBeforeIsReadTheSameAgain() async throws {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let message = "I was charged twice for order ORD-5001, can I get my money back?"
        let agent = ReferenceAgent(suite: suite)
        let first = agent.read(message), again = agent.read(message), fresh = ReferenceAgent(suite: suite).read(message)
        for r in [again, fresh] {
            #expect(r.prediction == first.prediction && r.entities == first.entities)
            #expect(r.sentiment == first.sentiment && r.informational == first.informational)
        }
        let warm = ReferenceAgent(suite: suite)
        _ = await SuiteRunner(suite: suite, agent: warm).run()
        let text = { (rs: [ScenarioResult]) in rs.map { $0.record.agentReplies.map { "\($0.text) \($0.reply?.intent ?? "")" } } }
        let trials = await SuiteRunner(suite: suite, agent: warm).run(RunOptions(repeatCount: 2))
        let cold = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(RunOptions(repeatCount: 2))
        #expect(text(trials) == text(cold))
    }

    @Test func theTraceShowsWhichAgentDecidedWhat() async throws {
        let r = try await run(Fixtures.acmeMini, "escalation/legal-threat")
        let agents = Set(r.record.agentReplies.flatMap { $0.reply?.trace.map(\.agent) ?? [] })
        #expect(agents.isSuperset(of: ["intent", "escalation", "validation"]))
    }
}

/// Records the operations that reach the backends; every call succeeds.
final class RecordingGateway: ToolGateway, @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    var calls: [String] { lock.withLock { names } }
    func call(_ operation: String, _ arguments: [String: JSONValue]) async -> ToolOutcome {
        lock.withLock { names.append(operation) }
        return .success([:])
    }
}
