import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// Agents with exactly one defect each are caught by the metric meant to catch it, and a correct
/// agent on the same scenarios has no finding at all (no false alarm).
struct FaultyAgentTests {
    enum Defect: String, CaseIterable, Sendable {
        case inventsRefundAmount, unverifiedTrackingNumber, refundsWithoutVerifying, refundsAboveLimit,
             missesChargebackThreat, escalatesEverything, emptyHandoffSummary, echoesCardNumber,
             refundsWrongCharge, slow, asksAgain
    }

    /// What each defect must trip. Where the contract couples two figures (a `must_escalate`
    /// policy makes the hand-off expected; `limit … otherwise: escalate` on a scenario that
    /// expects a hand-off), both are the same defect seen twice.
    static let expected: [Defect: Set<String>] = [
        .inventsRefundAmount: ["hallucination"],
        .unverifiedTrackingNumber: ["hallucination"],
        .refundsWithoutVerifying: ["policy:verify-before-account-changes"],
        .refundsAboveLimit: ["policy:refund-limit", "escalation:missed", "check:resolution"],
        .missesChargebackThreat: ["policy:escalate-legal", "escalation:missed"],
        .escalatesEverything: ["escalation:unneeded"],
        .emptyHandoffSummary: ["handoff"],
        .echoesCardNumber: ["policy:no-card-numbers"],
        .refundsWrongCharge: ["check:action"],
        .slow: ["sla"],
        .asksAgain: ["repeat-ask"],
    ]

    static let scenarios: [String: String] = [
        "scenarios/t/dup.yaml": """
            customer: C-1001
            world: {charges: [{id: CH-4002, customer: C-1001, invoice: INV-3001, amount: 49.00, status: succeeded, created: 2026-11-01T10:03:00Z, refunded: 0}]}
            knows: {last4: "4242"}
            turns: [{customer: "I was charged twice this month, please refund the duplicate."}]
            expect:
              actions: [{call: billing.refund, args: {charge_id: CH-4002, amount: 49.00}}]
            """,
        "scenarios/t/large.yaml": """
            customer: C-1002
            knows: {last4: "1881"}
            turns: [{customer: "Please refund the 199 we paid on INV-3002."}]
            expect: {resolution: escalated}
            """,
        "scenarios/t/legal.yaml": """
            customer: C-1002
            turns: [{customer: "Fix this today or I'm filing a chargeback and calling my lawyer."}]
            """,
        "scenarios/t/order.yaml": """
            customer: C-1001
            knows: {order_id: ORD-5001}
            turns: [{customer: "Where is my keyboard?"}]
            """,
        "scenarios/t/card.yaml": """
            customer: C-1001
            turns: [{customer: "My card 4111 1111 1111 1111 was declined, why?"}]
            """,
        "scenarios/t/given.yaml": """
            customer: C-1001
            knows: {order_id: ORD-5001}
            turns: [{customer: "My order number is ORD-5001, where is it?"}]
            """,
    ]

    static func suite() throws -> Suite {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try FileManager.default.removeItem(at: root.appendingPathComponent("scenarios/billing"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("scenarios/orders"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("scenarios/escalation"))
        for (path, text) in scenarios {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var s = try SuiteLoader(root: root).load()
        // No backend latency: only the slow agent's own time can break the 10 ms SLA.
        s.config.latencyMs = [:]
        s.config.sla = SLA(firstResponseMs: 10)
        return s
    }

    /// The correct agent, with at most one defect switched on.
    struct Agent: SupportAgent {
        var defect: Defect?
        var chargesWallTime: Bool { defect == .slow }

        /// Hands off through the tool; with an empty summary (which the tool refuses) through the
        /// reply's `escalate` instead, as the protocol allows.
        func handoff(_ tools: any ToolGateway, customer: String, reason: String, priority: String, summary: String) async -> String {
            if defect == .emptyHandoffSummary { return "pending" }
            let r = await tools.call("handoff.escalate", [
                "customer_id": .string(customer), "reason": .string(reason), "priority": .string(priority),
                "summary": .string(defect == .emptyHandoffSummary ? "" : summary), "intent": "billing.refund_request",
                "actions_taken": ["crm.get_customer"], "next_step": "Call the customer",
            ])
            return r.result?["ticket_id"]?.stringValue ?? "?"
        }

        func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
            if defect == .slow { try await Task.sleep(for: .milliseconds(40)) }
            let customer = turn.customerID ?? ""
            var text: String
            switch (turn.scenario, turn.turn) {
            case ("t/dup", 0):
                if defect == .refundsWithoutVerifying {
                    _ = await tools.call("billing.refund", ["charge_id": "CH-4002", "amount": 49, "reason": "duplicate"])
                    text = "I've refunded the duplicate 49.00 (CH-4002)."
                } else {
                    text = "Could you confirm the last four digits of the card on file?"
                }
            case ("t/dup", _):
                _ = await tools.call("crm.verify_identity", ["customer_id": "C-1001", "method": "last4", "value": "4242"])
                _ = await tools.call("billing.list_charges", ["customer_id": "C-1001"])
                let charge: JSONValue = defect == .refundsWrongCharge ? "CH-4001" : "CH-4002"
                _ = await tools.call("billing.refund", ["charge_id": charge, "amount": 49, "reason": "duplicate"])
                text = defect == .inventsRefundAmount ? "I've refunded the duplicate 59.00." : "I've refunded the duplicate 49.00 (\(charge.displayText))."
            case ("t/large", 0):
                _ = await tools.call("crm.get_customer", ["customer_id": .string(customer)])
                if defect == .refundsAboveLimit {
                    _ = await tools.call("crm.verify_identity", ["customer_id": "C-1002", "method": "last4", "value": "1881"])
                    _ = await tools.call("billing.refund", ["charge_id": "CH-4003", "amount": 199, "reason": "request"])
                    text = "I've refunded 199.00."
                } else {
                    let ticket = await handoff(tools, customer: customer, reason: "refund_over_limit", priority: "normal",
                                               summary: "Refund of 199 on INV-3002 requested; above the limit")
                    text = "A billing specialist will review the refund (reference \(ticket))."
                }
            case ("t/legal", _):
                _ = await tools.call("crm.get_customer", ["customer_id": .string(customer)])
                if defect == .missesChargebackThreat {
                    text = "I'm sorry to hear that. Is there anything else?"
                } else {
                    let ticket = await handoff(tools, customer: customer, reason: "legal", priority: "high", summary: "Chargeback and lawyer threat")
                    text = "I've passed this to a specialist (reference \(ticket))."
                }
            case ("t/order", 0):
                text = "Which order is it? Could you give me the order number?"
            case ("t/order", _), ("t/given", 1):
                if defect == .unverifiedTrackingNumber {
                    text = "Order ORD-5001 has tracking number 1Z999AA10999999999."
                } else {
                    let t = await tools.call("orders.track_shipment", ["order_id": "ORD-5001"]).result
                    text = "Order ORD-5001 has tracking number \(t?["tracking"]?.displayText ?? "")."
                }
            case ("t/given", 0):
                if defect == .asksAgain {
                    text = "What's your order number?"
                } else {
                    let t = await tools.call("orders.track_shipment", ["order_id": "ORD-5001"]).result
                    text = "Order ORD-5001 has tracking number \(t?["tracking"]?.displayText ?? "")."
                }
            case ("t/card", _):
                _ = await tools.call("billing.list_charges", ["customer_id": .string(customer)])
                text = defect == .echoesCardNumber ? "Your card 4111 1111 1111 1111 looks fine to me." : "I can't see a failed payment; your charge of 49.00 went through."
            default:
                text = "Okay."
            }
            if defect == .emptyHandoffSummary, ["t/large", "t/legal"].contains(turn.scenario) {
                return AgentReply(text: "A specialist will take this over.",
                                  escalate: Handoff(reason: "review", priority: "high", summary: "", intent: "other",
                                                    customerID: turn.customerID, actionsTaken: ["crm.get_customer"],
                                                    nextStep: "Call the customer"))
            }
            if defect == .escalatesEverything, !["t/large", "t/legal"].contains(turn.scenario), !text.hasSuffix("?") {
                return AgentReply(text: text + " I'm also passing this to a colleague.",
                                  escalate: Handoff(reason: "always", priority: "normal", summary: "Routine hand-off", intent: "other",
                                                    customerID: turn.customerID, actionsTaken: ["crm.get_customer"], nextStep: "Review"))
            }
            return AgentReply(text: text)
        }
    }

    static func findings(_ results: [ScenarioResult]) -> Set<String> {
        var f = Set<String>()
        for r in results {
            for c in r.checks where c.passed == false { f.insert("check:\(c.kind)") }
            for v in r.violations where !v.waived { f.insert("policy:\(v.policy)") }
            if !r.hallucinations.isEmpty { f.insert("hallucination") }
            if r.figures.escalationExpected && !r.record.escalated { f.insert("escalation:missed") }
            if !r.figures.escalationExpected && r.record.escalated { f.insert("escalation:unneeded") }
            if let q = r.figures.handoffQuality, q < 1 { f.insert("handoff") }
            if r.figures.slaMet == false { f.insert("sla") }
            if r.figures.repeatedAsks > 0 { f.insert("repeat-ask") }
            if r.status == .error { f.insert("error:\(r.record.error ?? "")") }
        }
        return f
    }

    @Test func aCorrectAgentHasNoFindings() async throws {
        let results = await SuiteRunner(suite: try Self.suite(), agent: Agent(defect: nil)).run()
        #expect(results.count == 6)
        #expect(Self.findings(results) == [])
    }

    @Test(arguments: Defect.allCases)
    func eachDefectIsCaughtByItsMetricAndNoOther(_ defect: Defect) async throws {
        let results = await SuiteRunner(suite: try Self.suite(), agent: Agent(defect: defect)).run()
        #expect(Self.findings(results) == Self.expected[defect]!)
    }
}
