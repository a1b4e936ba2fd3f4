import Foundation
import SupportSimBackends
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// Declared tools answer on a conversation's own world as the suite's tools/ files say.
struct DeclaredToolTests {
    static func backend() throws -> ConversationBackend {
        let suite = try SuiteLoader(root: Fixtures.suite(DeclaredToolsFixture.files)).load()
        return ConversationBackend(world: suite.world, start: suite.config.clockStart,
                                   declared: Dictionary(uniqueKeysWithValues: suite.declaredTools.map { ($0.name, $0) }),
                                   handlerDirectory: suite.root)
    }

    static func message(_ outcome: ToolOutcome) -> String? {
        if case .failure(let e) = outcome { return "\(e.code.rawValue): \(e.message)" }
        return nil
    }

    @Test func mapsToCallsTheBuiltInOperationAndReshapesItsResult() async throws {
        let b = try Self.backend()
        let outcome = await b.call("refund_charge", ["charge_id": "CH-1", "amount": .number(19)])
        #expect(outcome.result == ["refund_id": "RF-1", "refunded": .number(19)])
        #expect(b.snapshot().world["charges"].record(id: "CH-1")?["refunded"]?.decimalValue == 19)
        #expect(b.auditLog.map(\.operation) == ["refund_charge"])
        let over = await b.call("refund_charge", ["charge_id": "CH-1", "amount": .number(40)])
        #expect(Self.message(over)?.hasPrefix("invalid_argument:") == true || Self.message(over)?.hasPrefix("conflict:") == true)
    }

    @Test func recordsGetListAndTheirErrorsUseTheSuitesTexts() async throws {
        let b = try Self.backend()
        #expect(await b.call("get_payment", ["payment_id": "PAY-1"]).result?["amount"] == .number(Decimal(string: "120.50")!))
        #expect(Self.message(await b.call("get_payment", ["payment_id": "PAY-9"])) == "not_found: No such payment: PAY-9")
        let listed = await b.call("list_payments", ["account_id": "C-1"]).result
        #expect(listed?["payments"]?.arrayValue?.map { $0["id"] } == ["PAY-2", "PAY-1"])
        #expect(listed?["count"] == 2)
    }

    @Test func anUpdateChecksItsPreconditionAndChangesOnlyWhatItSays() async throws {
        let b = try Self.backend()
        let settled = Self.message(await b.call("void_payment", ["payment_id": "PAY-1"]))
        #expect(settled == "conflict: Payment PAY-1 is settled and cannot be voided")
        let voided = await b.call("void_payment", ["payment_id": "PAY-2"]).result
        #expect(voided?["status"] == "voided")
        #expect(voided?["voided_at"] == "2026-11-20T09:00:00Z")
        #expect(Self.message(await b.call("void_payment", ["payment_id": "PAY-7"])) == "not_found: No such payment: PAY-7")
        #expect(await b.call("partial_refund", ["payment_id": "PAY-1", "amount": .number(Decimal(string: "20.25")!)]).isSuccess)
        #expect(await b.call("partial_refund", ["payment_id": "PAY-1", "amount": .number(Decimal(string: "0.75")!)]).result?["refunded"]
                == .number(21))
    }

    @Test func createNumbersNewRecordsAndFillsDefaults() async throws {
        let b = try Self.backend()
        let first = await b.call("open_case", ["account_id": "C-1", "subject": "Card declined"]).result
        #expect(first?["id"] == "CASE-0001")
        #expect(first?["priority"] == "normal")
        let second = await b.call("open_case", ["account_id": "C-1", "subject": "Again", "priority": "high"]).result
        #expect(second?["id"] == "CASE-0002")
        #expect(b.snapshot().world["cases"].count == 2)
    }

    @Test func cannedResponsesAreChosenByTheArguments() async throws {
        let b = try Self.backend()
        #expect(await b.call("fx_rate", ["currency": "EUR"]).result == ["currency": "EUR", "rate": .number(Decimal(string: "0.92")!)])
        #expect(Self.message(await b.call("fx_rate", ["currency": "JPY"])) == "not_found: no rate for JPY")
        #expect(Self.message(await b.call("fx_rate", ["currency": "euro"])) == "invalid_argument: euro is not a currency code")
    }

    @Test func argumentsAreCheckedAgainstTheParameters() async throws {
        let b = try Self.backend()
        #expect(Self.message(await b.call("open_case", ["account_id": "C-1"])) == "invalid_argument: missing argument \"subject\" for open_case")
        #expect(Self.message(await b.call("open_case", ["account_id": "C-1", "subject": "x", "priority": "asap"]))
                == "invalid_argument: argument priority must be one of low, normal, high, urgent, found \"asap\" (open_case)")
        #expect(Self.message(await b.call("get_payment", ["id": "PAY-1"]))
                == "invalid_argument: get_payment has no parameter \"id\" (its parameters: payment_id)")
        #expect(Self.message(await b.call("refund_charge", ["charge_id": "CH-1", "amount": "ten"]))
                == "invalid_argument: argument amount must be a number, found \"ten\" (refund_charge)")
    }

    @Test func faultsAndTheAuditLogCoverDeclaredTools() async throws {
        let suite = try SuiteLoader(root: Fixtures.suite(DeclaredToolsFixture.files)).load()
        let b = ConversationBackend(world: suite.world, faults: [Fault(operation: "void_*", error: "unavailable", times: 1, latencyMs: 800)],
                                    start: suite.config.clockStart,
                                    declared: Dictionary(uniqueKeysWithValues: suite.declaredTools.map { ($0.name, $0) }))
        #expect(Self.message(await b.call("void_payment", ["payment_id": "PAY-2"]))
                == "unavailable: void_payment is unavailable (injected fault: unavailable)")
        #expect(await b.call("void_payment", ["payment_id": "PAY-2"]).isSuccess)
        #expect(b.auditLog.map(\.latencyMs) == [800, 0])
        #expect(b.clockMs == 800)
    }
}
