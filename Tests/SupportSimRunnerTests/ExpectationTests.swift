import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// What each expectation kind reports when it fails.
struct ExpectationTests {
    let suite: Suite
    init() throws { suite = try Fixtures.loadAcmeMini() }

    func result(_ scenario: String, _ agent: any SupportAgent) async throws -> ScenarioResult {
        try #require(await SuiteRunner(suite: suite, agent: agent).run(RunOptions(filters: [scenario])).first)
    }

    func failed(_ r: ScenarioResult) -> [String] { r.checks.filter { $0.passed == false }.map(\.kind) }

    @Test func aLazyAgentFailsEveryCheckThatNeedsWork() async throws {
        let lazy = ClosureAgent { _, _ in AgentReply(text: "Sorry, I can't help.", intent: "other") }
        let r = try await result("billing/double-charge", lazy)
        #expect(r.status == .fail)
        #expect(failed(r) == ["intent", "mentions", "action", "action", "state"])
        let intent = try #require(r.checks.first { $0.kind == "intent" })
        #expect(intent.expected == "billing.double_charge")
        #expect(intent.actual == "other")
        #expect(intent.turn == 0)
    }

    @Test func aFailedCallDoesNotCountAsDone() async throws {
        let agent = ClosureAgent { turn, tools in
            _ = await tools.call("orders.track_shipment", ["order_id": "ORD-404"])
            return AgentReply(text: "1Z999AA10123456784 on Nov 25", intent: "order.status")
        }
        let r = try await result("orders/where-is-my-order", agent)
        #expect(failed(r) == ["action"])
        #expect(r.checks.first { $0.kind == "action" }?.actual == [["call": "orders.track_shipment", "args": ["order_id": "ORD-404"], "error": "not_found"]])
    }

    @Test func forbiddenActionsCatchAnyCallEvenAFailedOne() async throws {
        let agent = ClosureAgent { _, tools in
            _ = await tools.call("orders.track_shipment", ["order_id": "ORD-5001"])
            _ = await tools.call("billing.list_charges", ["customer_id": "C-0"])
            return AgentReply(text: "1Z999AA10123456784, 2026-11-25", intent: "order.status")
        }
        let r = try await result("orders/where-is-my-order", agent)
        #expect(failed(r) == ["forbidden_action"])
    }

    @Test func anAgentWithoutIntentsIsNotScoredOnThem() async throws {
        let agent = ClosureAgent { _, tools in
            _ = await tools.call("orders.track_shipment", ["order_id": "ORD-5001"])
            return AgentReply(text: "Tracking 1Z999AA10123456784, arriving 25 November.")
        }
        let r = try await result("orders/where-is-my-order", agent)
        let intent = try #require(r.checks.first { $0.kind == "intent" })
        #expect(intent.passed == nil)
        #expect(intent.note == "the agent reports no intent; not scored")
        #expect(r.status == .pass)
    }

    @Test func escalationReasonAndPriorityAreCompared() async throws {
        let agent = ClosureAgent { _, _ in
            AgentReply(text: "Passing you on.", escalate: Handoff(reason: "complaint", priority: "normal", summary: "s"))
        }
        let r = try await result("escalation/legal-threat", agent)
        #expect(failed(r) == ["escalation.priority"])
        #expect(r.record.resolution == .escalated)
    }
}

/// Readiness by intent: intents only, and what an intent needs to reach the autonomous bar.
struct ReadinessTests {
    @Test func readinessListsIntentsNotTagsAndSaysWhatEachNeeds() async throws {
        var suite = try Fixtures.loadAcmeMini()
        // A scenario that expects no intent: its tag must not become a readiness row.
        var tagged = suite.scenarios[0]
        tagged.id = "smalltalk/tagged"
        tagged.tags = ["only-a-tag"]
        tagged.turns = tagged.turns.map { ScenarioTurn(customer: $0.customer) }
        suite.scenarios.append(tagged)
        let results = await SuiteRunner(suite: suite, agent: AcmeMiniScript.agent).run()
        let readiness = MetricsCalculator(config: suite.config).metrics(results).readiness
        #expect(readiness["only-a-tag"] == nil)
        #expect(!readiness.keys.contains("untagged"))
        let intent = "billing.double_charge"
        let row = try #require(readiness[intent])
        // One passing scenario; with every one passing, the Wilson lower bound m / (m + 1.96²)
        // first reaches 0.90 at m = 35, so 34 more are needed.
        #expect(row.neededForAutonomous == 34)
        #expect(Readiness(config: suite.config).neededForAutonomous(passes: 35, of: 35) == 0)
        #expect(Readiness(config: suite.config).neededForAutonomous(passes: 0, of: 10) == 169, "10 failures take 169 passes (computed with the Wilson formula in Python)")
    }
}
