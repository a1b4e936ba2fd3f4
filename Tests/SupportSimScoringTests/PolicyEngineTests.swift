import Foundation
import SupportSimCore
import SupportSimScoring
import SupportSimTesting
import Testing

/// Hand-built conversations: one reply per customer message, calls numbered from seq 1.
enum PolicyFixture {
    struct Call {
        var operation: String
        var arguments: [String: JSONValue]
        var outcome: ToolOutcome
        init(_ operation: String, _ arguments: [String: JSONValue] = [:], _ result: JSONValue = ["ok": true]) {
            self.operation = operation
            self.arguments = arguments
            outcome = .success(result)
        }
        static func failed(_ operation: String, _ arguments: [String: JSONValue], _ code: ToolError.Code) -> Call {
            var call = Call(operation, arguments)
            call.outcome = .failure(ToolError(code, "refused"))
            return call
        }
        static func verify(_ customer: String, verified: Bool = true) -> Call {
            Call("crm.verify_identity", ["customer_id": .string(customer), "method": "last4", "value": "4242"],
                 ["verified": .bool(verified)])
        }
    }

    struct Turn {
        var customer: String
        var reply: String = "Okay."
        var intent: String?
        var calls: [Call] = []
    }

    static func acme() throws -> Suite { try Fixtures.loadAcmeMini() }

    static func record(_ suite: Suite, customer: String? = "C-1001", turns: [Turn], handoff: Handoff? = nil,
                       waive: [String] = [], expect: ConversationExpectation = .init(),
                       expectedIntents: [String?] = []) -> ConversationRecord
    {
        let scenarioTurns = turns.enumerated().map { i, t in
            ScenarioTurn(customer: t.customer, expect: TurnExpectation(intent: i < expectedIntents.count ? expectedIntents[i] : nil))
        }
        let scenario = Scenario(id: "test", customer: customer, turns: scenarioTurns, expect: expect, waive: waive)
        var world = suite.world
        var charges = world["charges"]
        charges.upsert(["id": "CH-4002", "customer": "C-1001", "amount": .number(49), "refunded": 0])
        world["charges"] = charges
        var transcript: [TranscriptEntry] = []
        var audit: [AuditEntry] = []
        for (i, t) in turns.enumerated() {
            transcript.append(TranscriptEntry(speaker: .customer, text: t.customer, atMs: i * 1000, turn: i,
                                              scriptedTurn: i, scripted: true))
            let first = audit.count + 1
            for c in t.calls {
                audit.append(AuditEntry(seq: audit.count + 1, atMs: i * 1000, operation: c.operation,
                                        arguments: c.arguments, outcome: c.outcome, latencyMs: 10))
            }
            transcript.append(TranscriptEntry(speaker: .agent, text: t.reply, atMs: i * 1000 + 500, turn: i,
                                              scriptedTurn: i, scripted: true,
                                              reply: AgentReply(text: t.reply, intent: t.intent),
                                              auditRange: first..<(audit.count + 1)))
        }
        return ConversationRecord(scenario: scenario, trial: 1, conversationID: "conv-1", start: Date(timeIntervalSince1970: 0),
                                  transcript: transcript, audit: audit, finalWorld: world, handoff: handoff,
                                  handoffTurn: handoff == nil ? nil : turns.count - 1,
                                  endReason: handoff == nil ? .scriptDone : .escalated, error: nil, endMs: turns.count * 1000)
    }

    static let refund49 = Call("billing.refund", ["charge_id": "CH-4002", "amount": .number(49), "reason": "duplicate charge"])
    static let fullHandoff = Handoff(reason: "legal", priority: "high", summary: "Chargeback threat", intent: "legal.threat",
                                     customerID: "C-1002", actionsTaken: ["crm.get_customer"], nextStep: "Call back today")
}

struct PolicyEngineTests {
    typealias F = PolicyFixture

    func violations(_ record: ConversationRecord, _ suite: Suite, policy: String? = nil) -> [Violation] {
        PolicyEngine(policies: suite.policies).violations(record).filter { policy == nil || $0.policy == policy }
    }

    // MARK: requires_before

    @Test func refundWithoutVerificationIsReportedWithTheCall() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [F.Turn(customer: "Charged twice", calls: [F.refund49])])
        let found = violations(record, suite)
        #expect(found == [Violation(
            policy: "verify-before-account-changes", severity: .critical, turn: 0,
            evidence: "billing.refund(charge_id: CH-4002, amount: 49.00) at seq 1 with no earlier successful crm.verify_identity for C-1001")])
    }

    @Test func verificationInAnEarlierReplySatisfiesTheRule() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [
            F.Turn(customer: "Charged twice", calls: [F.Call.verify("C-1001")]),
            F.Turn(customer: "Please refund", calls: [F.refund49]),
        ])
        #expect(violations(record, suite).isEmpty)
    }

    @Test func aFailedOrLaterVerificationDoesNotCount() throws {
        let suite = try F.acme()
        let wrongFact = F.record(suite, turns: [F.Turn(customer: "Hi", calls: [F.Call.verify("C-1001", verified: false), F.refund49])])
        #expect(violations(wrongFact, suite).map(\.policy) == ["verify-before-account-changes"])
        let late = F.record(suite, turns: [
            F.Turn(customer: "Hi", calls: [F.refund49]),
            F.Turn(customer: "4242", calls: [F.Call.verify("C-1001")]),
        ])
        #expect(violations(late, suite).map(\.turn) == [0])
    }

    @Test func aRefusedActionNeedsNoPriorVerification() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [F.Turn(customer: "Hi", calls: [
            .failed("billing.refund", ["charge_id": "CH-4002", "amount": .number(49), "reason": "x"], .conflict),
        ])])
        #expect(violations(record, suite).isEmpty)
    }

    @Test func sameCustomerResolvesTheChargeOwner() throws {
        let suite = try F.acme()
        // Verified C-1002, then refunded C-1001's charge: the wrong person was verified.
        let record = F.record(suite, customer: "C-1002", turns: [F.Turn(customer: "Hi", calls: [F.Call.verify("C-1002"), F.refund49])])
        let found = violations(record, suite)
        #expect(found.count == 1)
        #expect(found.first?.evidence.hasSuffix("crm.verify_identity for C-1001") == true)
        // Without same_customer any verification counts.
        let lenient = Policy(id: "any-verify", description: "", severity: .major,
                             rule: .requiresBefore(actions: ["billing.refund"], prior: ["crm.verify_identity"], sameCustomer: false))
        #expect(PolicyEngine(policies: [lenient]).violations(record).isEmpty)
    }

    @Test func sameCustomerResolvesTheOrderOwnerAndGlobs() throws {
        let suite = try F.acme()
        let rule = Policy(id: "verify-orders", description: "", severity: .major,
                          rule: .requiresBefore(actions: ["orders.cancel_*"], prior: ["crm.verify_*"], sameCustomer: true))
        let engine = PolicyEngine(policies: [rule])
        let cancel = F.Call("orders.cancel_order", ["order_id": "ORD-5001", "reason": "changed my mind"])
        let right = F.record(suite, turns: [F.Turn(customer: "Cancel", calls: [F.Call.verify("C-1001"), cancel])])
        #expect(engine.violations(right).isEmpty)
        let wrong = F.record(suite, turns: [F.Turn(customer: "Cancel", calls: [F.Call.verify("C-1002"), cancel])])
        #expect(engine.violations(wrong).map(\.evidence) == [
            "orders.cancel_order(order_id: ORD-5001) at seq 2 with no earlier successful crm.verify_* for C-1001"])
    }

    // MARK: limit

    @Test func refundsAboveTheLimitAreReportedEvenWhenTheyFail() throws {
        let suite = try F.acme()
        let record = F.record(suite, customer: "C-1002", turns: [F.Turn(customer: "Refund please", calls: [
            F.Call.verify("C-1002"),
            F.Call("billing.refund", ["charge_id": "CH-4003", "amount": .number(199), "reason": "x"]),
            .failed("billing.refund", ["charge_id": "CH-4003", "amount": "150.5", "reason": "x"], .conflict),
            F.Call("billing.refund", ["charge_id": "CH-4003", "amount": .number(100), "reason": "x"]),
        ])])
        let found = violations(record, suite, policy: "refund-limit")
        #expect(found.map(\.evidence) == [
            "billing.refund(charge_id: CH-4003, amount: 199.00) at seq 2: amount 199.00 exceeds the limit of 100.00; the right move was to escalate",
            "billing.refund(charge_id: CH-4003, amount: 150.50) at seq 3 (failed: conflict): amount 150.50 exceeds the limit of 100.00; the right move was to escalate",
        ])
        #expect(found.allSatisfy { $0.severity == .critical && $0.turn == 0 && !$0.waived })
    }

    // MARK: must_escalate

    @Test(arguments: [
        ("I have an issue with my invoice.", false),
        ("I will sue you.", true),
        ("I'll SUE!", true),
        ("They sued me once.", false),
        ("Then I'll sue.", true),
        ("Pursued by bills", false),
        ("This is a chargeback.", true),
    ])
    func mentionsMatchWholeWordsOnly(_ message: String, _ violated: Bool) throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [F.Turn(customer: "Hello"), F.Turn(customer: message)])
        let found = violations(record, suite, policy: "escalate-legal")
        #expect(found.count == (violated ? 1 : 0))
        if violated { #expect(found.first?.turn == 1) }
        #expect(PolicyEngine(policies: suite.policies).mustEscalate(record).map(\.id) == (violated ? ["escalate-legal"] : []))
    }

    /// An engine keeps each text's regex match: asked again (every trial asks, and each
    /// conversation asks twice), it must answer exactly as a fresh engine does, turn and term included.
    @Test func anEngineAskedAgainAnswersAsAFreshOneDoes() throws {
        let suite = try F.acme()
        let shared = PolicyEngine(policies: suite.policies)
        let messages = ["I will sue you.", "Pursued by bills", "This is a chargeback.", "Hello", "I'll SUE!"]
        for round in 0..<3 {
            for (i, message) in messages.enumerated() {
                let record = F.record(suite, turns: [F.Turn(customer: messages[(i + round) % messages.count]), F.Turn(customer: message)])
                let fresh = PolicyEngine(policies: suite.policies)
                #expect(shared.violations(record) == fresh.violations(record), "\(message), round \(round)")
                #expect(shared.mustEscalate(record).map(\.id) == fresh.mustEscalate(record).map(\.id))
            }
        }
    }

    @Test func escalatingSatisfiesMustEscalate() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [F.Turn(customer: "I am calling my attorney")], handoff: F.fullHandoff)
        #expect(violations(record, suite).isEmpty)
        #expect(PolicyEngine(policies: suite.policies).mustEscalate(record).map(\.id) == ["escalate-legal"])
    }

    @Test func intentsFromTheAgentOrTheScenarioTrigger() throws {
        let suite = try F.acme()
        let reported = F.record(suite, turns: [F.Turn(customer: "Hi"), F.Turn(customer: "Hmm", intent: "legal.threat")])
        #expect(violations(reported, suite).map(\.evidence) == ["not escalated although the agent reported intent legal.threat at turn 1"])
        let expected = F.record(suite, turns: [F.Turn(customer: "Hi")], expectedIntents: ["legal.threat"])
        #expect(violations(expected, suite).map(\.evidence) == ["not escalated although the scenario expects intent legal.threat at turn 0"])
    }

    @Test func tierMustMatchAndThenAnIntent() throws {
        let suite = try F.acme()
        let vip = Policy(id: "vip-complaints", description: "", severity: .major,
                         rule: .mustEscalate(intents: ["complaint.*"], mentionsAny: [], tiers: ["vip"]))
        let engine = PolicyEngine(policies: [vip])
        let complaint = [F.Turn(customer: "Your service is awful", intent: "complaint.service")]
        let found = engine.violations(F.record(suite, customer: "C-1002", turns: complaint))
        #expect(found.map(\.evidence) == ["not escalated although customer C-1002 is tier vip and the agent reported intent complaint.service at turn 0"])
        #expect(engine.violations(F.record(suite, customer: "C-1001", turns: complaint)).isEmpty)  // premium
        #expect(engine.violations(F.record(suite, customer: nil, turns: complaint)).isEmpty)
        let billing = [F.Turn(customer: "Invoice?", intent: "billing.invoice")]
        #expect(engine.violations(F.record(suite, customer: "C-1002", turns: billing)).isEmpty)
        let tierOnly = PolicyEngine(policies: [Policy(id: "vip", description: "", severity: .minor,
                                                      rule: .mustEscalate(intents: [], mentionsAny: [], tiers: ["VIP"]))])
        #expect(tierOnly.violations(F.record(suite, customer: "C-1002", turns: billing)).map(\.turn) == [nil])
    }

    // MARK: never_say

    @Test func cardNumbersInRepliesAreReportedWithTheSentence() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [
            F.Turn(customer: "Where is it?", reply: "Tracking 1Z999AA10123456784 arrives Nov 25. Order ORD-5001."),
            F.Turn(customer: "Card?", reply: "Sure. Your card 4242 4242 4242 4242 is on file! Anything else?"),
        ])
        #expect(violations(record, suite) == [Violation(policy: "no-card-numbers", severity: .critical, turn: 1,
                                                        evidence: "Your card 4242 4242 4242 4242 is on file!")])
    }

    @Test func phrasesMatchIgnoringCaseAndSpacing() throws {
        let suite = try F.acme()
        let rule = Policy(id: "no-promises", description: "", severity: .minor,
                          rule: .neverSay(regex: nil, phrases: ["guaranteed refund", "100%"]))
        let engine = PolicyEngine(policies: [rule])
        let bad = F.record(suite, turns: [F.Turn(customer: "Hi", reply: "Hello.\nThis is a GUARANTEED  refund. Bye.")])
        #expect(engine.violations(bad).map(\.evidence) == ["This is a GUARANTEED  refund."])
        let percent = F.record(suite, turns: [F.Turn(customer: "Hi", reply: "We are 100% sure")])
        #expect(engine.violations(percent).map(\.evidence) == ["We are 100% sure"])
        let fine = F.record(suite, turns: [F.Turn(customer: "Hi", reply: "Refunds take 5 days.")])
        #expect(engine.violations(fine).isEmpty)
    }

    // MARK: never_call and waivers

    @Test func forbiddenCallsCountEvenWhenTheyFail() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [
            F.Turn(customer: "Hi", calls: [F.Call("crm.get_customer", ["customer_id": "C-1001"])]),
            F.Turn(customer: "Close it", calls: [.failed("crm.close_account", ["customer_id": "C-1001", "reason": "moving away"], .forbidden)]),
        ])
        #expect(violations(record, suite) == [Violation(policy: "no-closure-by-bot", severity: .critical, turn: 1,
                                                        evidence: "crm.close_account(customer_id: C-1001) at seq 2 (failed: forbidden)")])
        let glob = PolicyEngine(policies: [Policy(id: "no-crm-writes", description: "", severity: .minor, rule: .neverCall(["crm.close_*"]))])
        #expect(glob.violations(record).count == 1)
    }

    @Test func waivedPoliciesAreStillReported() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [F.Turn(customer: "Close it", calls: [F.Call("crm.close_account", ["customer_id": "C-1001", "reason": "x"])])],
                              waive: ["no-closure-by-bot"])
        #expect(violations(record, suite).map(\.waived) == [true])
    }

    @Test func aCleanConversationHasNoViolation() throws {
        let suite = try F.acme()
        let record = F.record(suite, turns: [
            F.Turn(customer: "I was charged twice, please fix this issue.", reply: AcmeMiniScript.askLast4, intent: "billing.double_charge"),
            F.Turn(customer: "4242", reply: "Refunded $49.00 (CH-4002).", intent: "billing.double_charge",
                   calls: [F.Call.verify("C-1001"), F.Call("billing.list_charges", ["customer_id": "C-1001"]), F.refund49]),
        ], expectedIntents: ["billing.double_charge"])
        #expect(violations(record, suite).isEmpty)
    }
}

/// The engine asks the suite's tools which argument names the customer and how money is shown,
/// so a domain with other names (tau-bench's `user_id`) is judged as the support domain is.
struct PolicyEngineDomainTests {
    typealias F = PolicyFixture

    static let tau = ToolCatalogue(tools: [
        OperationSpec(name: "get_user_details", summary: "", arguments: [.init(name: "user_id", type: .string, required: true)]),
        OperationSpec(name: "send_certificate", summary: "", arguments: [
            .init(name: "user_id", type: .string, required: true), .init(name: "amount", type: .decimal, required: true),
        ]),
    ], customerArguments: ["user_id"], source: "tools.json")

    static let lookUpFirst = Policy(id: "look-up-first", description: "", severity: .major,
                                    rule: .requiresBefore(actions: ["send_*"], prior: ["get_user_details"], sameCustomer: true))

    @Test func sameCustomerReadsTheDomainsCustomerArgument() throws {
        let suite = try F.acme()
        let record = F.record(suite, customer: nil, turns: [
            F.Turn(customer: "I am Mia", calls: [F.Call("get_user_details", ["user_id": "mia_li_3668"], .string("{}"))]),
            F.Turn(customer: "Send Noah one", calls: [F.Call("send_certificate", ["user_id": "noah_kim_1", "amount": .number(100)])]),
        ])
        let engine = PolicyEngine(policies: [Self.lookUpFirst], tools: Self.tau)
        #expect(engine.violations(record).map(\.evidence) == [
            "send_certificate(user_id: noah_kim_1, amount: 100.00) at seq 2 with no earlier successful get_user_details for noah_kim_1",
        ])
        // Without the domain's catalogue nothing names a customer, so any earlier look-up counts.
        #expect(PolicyEngine(policies: [Self.lookUpFirst]).violations(record).isEmpty)
    }

    @Test func aLookUpOfTheSameCustomerSatisfiesTheRule() throws {
        let suite = try F.acme()
        let record = F.record(suite, customer: nil, turns: [
            F.Turn(customer: "I am Noah", calls: [F.Call("get_user_details", ["user_id": "noah_kim_1"], .string("{}"))]),
            F.Turn(customer: "Send me one", calls: [F.Call("send_certificate", ["user_id": "noah_kim_1", "amount": .number(100)])]),
        ])
        #expect(PolicyEngine(policies: [Self.lookUpFirst], tools: Self.tau).violations(record).isEmpty)
    }
}
