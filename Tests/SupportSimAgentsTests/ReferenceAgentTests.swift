import Foundation
import SupportSimAgents
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

    @Test func eachSpecialistMayCallOnlyItsOwnSystem() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let results = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run()
        for r in results {
            for reply in r.record.agentReplies {
                for step in reply.reply?.trace ?? [] where step.decision.hasPrefix("called ") {
                    let op = String(step.decision.dropFirst("called ".count))
                    let system = String(op.prefix { $0 != "." })
                    let allowed: [String: [String]] = ["crm": ["crm", "account"], "billing": ["billing"], "orders": ["orders"],
                                                       "tickets": ["tickets"], "knowledge": ["kb"], "escalation": ["handoff"]]
                    #expect(allowed[step.agent]?.contains(system) == true, "\(step.agent) called \(op)")
                }
            }
        }
    }

    @Test func theTraceShowsWhichAgentDecidedWhat() async throws {
        let r = try await run(Fixtures.acmeMini, "escalation/legal-threat")
        let agents = Set(r.record.agentReplies.flatMap { $0.reply?.trace.map(\.agent) ?? [] })
        #expect(agents.isSuperset(of: ["intent", "escalation", "validation"]))
    }
}
