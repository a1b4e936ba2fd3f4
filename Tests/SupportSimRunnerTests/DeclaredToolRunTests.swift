import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimSuite
import SupportSimTesting
import Testing

/// A run over declared tools: the suite's own checks judge the calls, and a handler that cannot
/// answer is the suite's fault, reported on its conversation alone.
struct DeclaredToolRunTests {
    static let voidTurn: [String: [ScriptedStep]] = [
        "void": [.say("Payment PAY-2 is now voided.", calls: [("void_payment", ["payment_id": "PAY-2"])])],
    ]

    @Test func actionAndStateChecksOnDeclaredToolsPassWhenTheAgentDoesTheWork() async throws {
        let suite = try SuiteLoader(root: Fixtures.suite(DeclaredToolsFixture.files)).load()
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: Self.voidTurn)).run(RunOptions())
        let r = try #require(results.first)
        #expect(r.status == .pass, "\(r.failureReasons)")
        let idle = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: [:])).run(RunOptions())
        #expect(idle.first?.status == .fail)
        #expect(idle.first?.failureReasons.contains { $0.contains("state") } == true)
    }

    static func handlerSuite(_ script: String) -> URL {
        var files = DeclaredToolsFixture.files
        files["tools/risk.yaml"] = """
            tools:
              - name: fraud_check
                description: Risk of a payment.
                parameters: {payment_id: {type: string, required: true}}
                exec: {command: [/bin/sh, tools/risk.sh], collections: [payments], timeout_ms: 2000}
            """
        files["tools/risk.sh"] = script
        files["scenarios/risk.yaml"] = "turns: [{customer: Is PAY-1 risky?}]\n"
        return Fixtures.suite(files)
    }

    static let riskTurn: [String: [ScriptedStep]] = [
        "risk": [.say("Checked.", calls: [("fraud_check", ["payment_id": "PAY-1"])])],
        "void": voidTurn["void"]!,
    ]

    @Test func aHandlerThatAnswersGarbageEndsItsConversationWithAClearError() async throws {
        let suite = try SuiteLoader(root: Self.handlerSuite("read line; echo 'this is not json'\n")).load()
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: Self.riskTurn)).run(RunOptions())
        let risk = try #require(results.first { $0.record.scenario.id == "risk" })
        #expect(risk.status == .error)
        #expect(risk.record.error?.contains("fraud_check") == true)
        #expect(risk.record.error?.contains("garbage") == true, "\(risk.record.error ?? "")")
        #expect(results.first { $0.record.scenario.id == "void" }?.status == .pass, "the other conversations go on")
    }

    @Test func aHandlerThatChangesARecordWithoutItsKeyIsAnError() async throws {
        let script = "read line; echo '{\"result\": {}, \"changes\": {\"payments\": [{\"status\": \"held\"}]}}'\n"
        let suite = try SuiteLoader(root: Self.handlerSuite(script)).load()
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: Self.riskTurn)).run(RunOptions())
        let risk = try #require(results.first { $0.record.scenario.id == "risk" })
        #expect(risk.record.error?.hasSuffix("changed a record of payments without its key field id") == true, "\(risk.record.error ?? "")")
        #expect(risk.record.finalWorld["payments"].count == 2)
    }

    @Test func aHandlerThatAnswersIsEvidenceAndChangesTheWorld() async throws {
        let script = """
            read line
            echo '{"result": {"payment_id": "PAY-1", "score": 70}, "changes": {"payments": [{"id": "PAY-1", "account": "C-1", "amount": 120.50, "status": "held", "created": "2026-11-02", "refunded": 0}]}}'
            """
        let suite = try SuiteLoader(root: Self.handlerSuite(script + "\n")).load()
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: Self.riskTurn)).run(RunOptions())
        let risk = try #require(results.first { $0.record.scenario.id == "risk" })
        #expect(risk.record.error == nil)
        #expect(risk.record.audit.first?.outcome.result?["score"] == 70)
        #expect(risk.record.finalWorld["payments"].record(id: "PAY-1")?["status"] == "held")
    }
}
