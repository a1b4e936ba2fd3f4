import Foundation
import SupportSimBackends
import SupportSimCore
import Testing

struct FaultAndClockTests {
    func backend(_ faults: [Fault]) -> ConversationBackend {
        ConversationBackend(world: BackendFixture.world, faults: faults, latencyMs: BackendFixture.latency, start: BackendFixture.start)
    }

    func codes(_ b: ConversationBackend, _ op: String, _ args: [String: JSONValue], times: Int) -> [String] {
        (0..<times).map { _ in
            switch b.perform(op, args) {
            case .success: return "ok"
            case .failure(let e): return e.code.rawValue
            }
        }
    }

    @Test func errorForTheFirstNCallsThenWorks() {
        let b = backend([Fault(operation: "orders.get_order", error: "unavailable", times: 2)])
        #expect(codes(b, "orders.get_order", ["order_id": "ORD-5001"], times: 3) == ["unavailable", "unavailable", "ok"])
    }

    @Test func errorAfterNCalls() {
        let b = backend([Fault(operation: "crm.get_customer", error: "timeout", after: 1)])
        #expect(codes(b, "crm.get_customer", ["customer_id": "C-1001"], times: 3) == ["ok", "timeout", "timeout"])
    }

    @Test func errorAfterThenForTimes() {
        let b = backend([Fault(operation: "crm.get_customer", error: "conflict", times: 1, after: 1)])
        #expect(codes(b, "crm.get_customer", ["customer_id": "C-1001"], times: 3) == ["ok", "conflict", "ok"])
    }

    @Test func errorWithoutTimesAlwaysFails() {
        let b = backend([Fault(operation: "kb.*", error: "not_found")])
        #expect(codes(b, "kb.search", ["query": "x"], times: 2) == ["not_found", "not_found"])
    }

    @Test func aFailedRefundChangesNothing() {
        let b = backend([Fault(operation: "billing.refund", error: "unavailable", times: 1)])
        b.perform("billing.refund", ["charge_id": "CH-4001", "amount": 49, "reason": "x"])
        #expect(b.snapshot().world["charges"].record(id: "CH-4001")?["refunded"] == .number(0))
        #expect(b.snapshot().world["refunds"].count == 0)
    }

    @Test func latencyIsChargedToTheVirtualClockWithoutSleeping() {
        let b = backend([Fault(operation: "orders.*", latencyMs: 4000)])
        let began = ContinuousClock.now
        b.perform("orders.get_order", ["order_id": "ORD-5001"])
        b.perform("crm.get_customer", ["customer_id": "C-1001"])
        b.perform("kb.search", ["query": "refund"])
        #expect(b.clockMs == 150 + 4000 + 120 + 60)
        #expect(ContinuousClock.now - began < .seconds(2))
        let audit = b.snapshot().audit
        #expect(audit.map(\.atMs) == [0, 4150, 4270])
        #expect(audit.map(\.latencyMs) == [4150, 120, 60])
    }

    @Test func theAuditLogRecordsEveryCall() {
        let b = backend([])
        b.perform("orders.get_order", ["order_id": "ORD-0"])
        b.perform("orders.get_order", ["order_id": "ORD-5001"], actor: "orders-agent")
        let audit = b.snapshot().audit
        #expect(audit.map(\.seq) == [1, 2])
        #expect(audit.map(\.succeeded) == [false, true])
        #expect(audit[1].actor == "orders-agent")
        let json = audit[0].json(start: BackendFixture.start)
        #expect(json["error"]?["code"] == "not_found")
        #expect(json["at"] == "2026-11-20T09:00:00Z")
    }

    @Test func twoConversationsRefundingTheSameChargeBothSucceedOnTheirOwnCopies() async {
        let world = BackendFixture.world
        let a = ConversationBackend(world: world, start: BackendFixture.start)
        let b = ConversationBackend(world: world, start: BackendFixture.start)
        async let x = a.call("billing.refund", ["charge_id": "CH-4001", "amount": 49, "reason": "dup"])
        async let y = b.call("billing.refund", ["charge_id": "CH-4001", "amount": 49, "reason": "dup"])
        let (rx, ry) = await (x, y)
        #expect(rx.isSuccess && ry.isSuccess)
        #expect(a.snapshot().world["charges"].record(id: "CH-4001")?["refunded"] == .number(49))
        #expect(b.snapshot().world["charges"].record(id: "CH-4001")?["refunded"] == .number(49))
        #expect(world["charges"].record(id: "CH-4001")?["refunded"] == .number(0), "the shared world is untouched")
    }

    @Test func handoffIsRecordedAndCannotHappenTwice() {
        let b = backend([])
        b.perform("handoff.escalate", ["reason": "legal", "priority": "high", "summary": "s"])
        let second = b.perform("handoff.escalate", ["reason": "legal", "priority": "high", "summary": "s"])
        #expect(b.handoff?.reason == "legal")
        #expect(second.isSuccess == false)
    }
}
