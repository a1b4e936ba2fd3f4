import Foundation
import SupportSimCore
import SupportSimScoring
import SupportSimTesting
import Testing

struct EscalationScoringTests {
    typealias F = PolicyFixture

    @Test func expectedWhenTheScenarioExpectsEscalation() throws {
        let suite = try F.acme()
        var expect = ConversationExpectation()
        expect.resolution = .escalated
        let engine = PolicyEngine(policies: suite.policies)
        #expect(EscalationScoring.expected(F.record(suite, turns: [F.Turn(customer: "Refund 199 please")], expect: expect), engine: engine))
        expect.resolution = .resolved
        #expect(!EscalationScoring.expected(F.record(suite, turns: [F.Turn(customer: "Where is my order?")], expect: expect), engine: engine))
    }

    @Test func expectedWhenAMustEscalatePolicyAppliesUnlessWaived() throws {
        let suite = try F.acme()
        let engine = PolicyEngine(policies: suite.policies)
        let threat = [F.Turn(customer: "I'm filing a chargeback.")]
        #expect(EscalationScoring.expected(F.record(suite, turns: threat), engine: engine))
        // Escalating does not change what was expected.
        #expect(EscalationScoring.expected(F.record(suite, turns: threat, handoff: F.fullHandoff), engine: engine))
        #expect(!EscalationScoring.expected(F.record(suite, turns: threat, waive: ["escalate-legal"]), engine: engine))
        #expect(!EscalationScoring.expected(F.record(suite, turns: [F.Turn(customer: "One issue: my invoice.")]), engine: engine))
    }

    @Test func handoffQualityIsNilWithoutAHandoff() throws {
        let suite = try F.acme()
        #expect(EscalationScoring.handoffQuality(F.record(suite, turns: [F.Turn(customer: "Hi")])) == nil)
    }

    @Test func aCompleteHandoffScoresOne() throws {
        let suite = try F.acme()
        #expect(EscalationScoring.handoffQuality(F.record(suite, turns: [F.Turn(customer: "Hi")], handoff: F.fullHandoff)) == 1.0)
    }

    @Test func blankFieldsCountAsMissing() throws {
        let suite = try F.acme()
        var handoff = F.fullHandoff
        handoff.summary = ""
        #expect(EscalationScoring.handoffQuality(F.record(suite, turns: [F.Turn(customer: "Hi")], handoff: handoff)) == 6.0 / 7.0)
        handoff.nextStep = "  \n"
        handoff.actionsTaken = [""]
        handoff.intent = nil
        #expect(EscalationScoring.handoffQuality(F.record(suite, turns: [F.Turn(customer: "Hi")], handoff: handoff)) == 3.0 / 7.0)
    }

    @Test func customerIDCountsOnlyWhenTheCustomerIsKnown() throws {
        let suite = try F.acme()
        var handoff = F.fullHandoff
        handoff.customerID = nil
        let anonymous = F.record(suite, customer: nil, turns: [F.Turn(customer: "Hi")], handoff: handoff)
        #expect(EscalationScoring.handoffQuality(anonymous) == 1.0)
        let known = F.record(suite, customer: "C-1002", turns: [F.Turn(customer: "Hi")], handoff: handoff)
        #expect(EscalationScoring.handoffQuality(known) == 6.0 / 7.0)
    }
}
