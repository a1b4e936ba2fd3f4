import Foundation
import SupportSimCore
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// Policies name declared tools and follow their records' owners (examples/ledgerly).
struct DeclaredToolPolicyTests {
    static func record(_ suite: Suite, _ calls: [(String, [String: JSONValue], JSONValue)]) -> ConversationRecord {
        let scenario = Scenario(id: "t", customer: "C-1001", turns: [ScenarioTurn(customer: "Hi", expect: TurnExpectation())])
        let audit = calls.enumerated().map { i, c in
            AuditEntry(seq: i + 1, atMs: 0, operation: c.0, arguments: c.1, outcome: .success(c.2), latencyMs: 0)
        }
        let transcript = [
            TranscriptEntry(speaker: .customer, text: "Hi", atMs: 0, turn: 0, scriptedTurn: 0, scripted: true),
            TranscriptEntry(speaker: .agent, text: "Done.", atMs: 0, turn: 0, scriptedTurn: 0, scripted: true,
                            reply: AgentReply(text: "Done."), auditRange: 1..<(audit.count + 1)),
        ]
        return ConversationRecord(scenario: scenario, trial: 1, conversationID: "t#1", start: Date(timeIntervalSince1970: 0),
                                  transcript: transcript, audit: audit, finalWorld: suite.world, handoff: nil, handoffTurn: nil,
                                  endReason: .scriptDone, error: nil, endMs: 0)
    }

    @Test func verifyingOneCustomerDoesNotLetTheAgentVoidAnothersPayment() throws {
        let suite = try SuiteLoader(root: Fixtures.repositoryRoot.appendingPathComponent("examples/ledgerly")).load()
        let engine = PolicyEngine(policies: suite.policies, tools: suite.tools)
        let verify = ("verify_identity", ["customer_id": JSONValue.string("C-1001"), "last4": "4242"], ["verified": true] as JSONValue)
        let others = Self.record(suite, [verify, ("void_payment", ["payment_id": "PAY-2003"], ["status": "voided"])])
        #expect(engine.violations(others).map(\.evidence) == [
            "void_payment(payment_id: PAY-2003) at seq 2 with no earlier successful verify_identity for C-1002",
        ])
        let own = Self.record(suite, [verify, ("void_payment", ["payment_id": "PAY-2002"], ["status": "voided"])])
        #expect(engine.violations(own).isEmpty)
        let failed = ("verify_identity", ["customer_id": JSONValue.string("C-1001"), "last4": "0000"], ["verified": false] as JSONValue)
        #expect(engine.violations(Self.record(suite, [failed, ("void_payment", ["payment_id": "PAY-2002"], ["status": "voided"])])).count == 1,
                "a failed check proves nothing")
    }
}
