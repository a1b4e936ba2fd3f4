import Foundation
import SupportSimBackends
import SupportSimCore
import Testing

/// Every operation of tools.md: what it returns when it works, and each of its errors.
struct OperationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var operation: String
        var args: [String: JSONValue]
        /// Expected error code, or nil for success.
        var error: ToolError.Code?
        /// Fields the result must contain (compared exactly).
        var result: [String: JSONValue]
        var testDescription: String { name }

        init(_ name: String, _ operation: String, _ args: [String: JSONValue], error: ToolError.Code? = nil,
             result: [String: JSONValue] = [:]) {
            self.name = name
            self.operation = operation
            self.args = args
            self.error = error
            self.result = result
        }
    }

    static let cases: [Case] = [
        // CRM
        Case("find by email", "crm.find_customer", ["email": "DANA.whitfield@example.com"],
             result: ["customers": [["id": "C-1001", "name": "Dana Whitfield", "email": "dana.whitfield@example.com", "tier": "premium"]]]),
        Case("find by partial name", "crm.find_customer", ["name": "oyel"],
             result: ["customers": [["id": "C-1002", "name": "Marcus Oyelaran", "email": "marcus.o@example.com", "tier": "vip"]]]),
        Case("find by phone digits", "crm.find_customer", ["phone": "555 0102"],
             result: ["customers": [["id": "C-1002", "name": "Marcus Oyelaran", "email": "marcus.o@example.com", "tier": "vip"]]]),
        Case("find without criteria", "crm.find_customer", [:], error: .invalidArgument),
        Case("get customer hides verification", "crm.get_customer", ["customer_id": "C-1001"], result: ["id": "C-1001", "tier": "premium"]),
        Case("get unknown customer", "crm.get_customer", ["customer_id": "C-0"], error: .notFound),
        Case("verify with right last4", "crm.verify_identity", ["customer_id": "C-1001", "method": "last4", "value": "4242"], result: ["verified": true]),
        Case("verify with wrong zip is a result", "crm.verify_identity", ["customer_id": "C-1001", "method": "zip", "value": "00000"], result: ["verified": false]),
        Case("verify by email", "crm.verify_identity", ["customer_id": "C-1001", "method": "email", "value": "dana.whitfield@example.com"], result: ["verified": true]),
        Case("verify with unknown method", "crm.verify_identity", ["customer_id": "C-1001", "method": "dob", "value": "x"], error: .invalidArgument),
        Case("verify unknown customer", "crm.verify_identity", ["customer_id": "C-0", "method": "zip", "value": "1"], error: .notFound),
        Case("update email", "crm.update_customer", ["customer_id": "C-1001", "fields": ["email": "dana@new.example.com"]], result: ["email": "dana@new.example.com"]),
        Case("update a field that cannot change", "crm.update_customer", ["customer_id": "C-1001", "fields": ["tier": "vip"]], error: .invalidArgument),
        Case("update with a bad email", "crm.update_customer", ["customer_id": "C-1001", "fields": ["email": "nope"]], error: .invalidArgument),
        Case("update unknown customer", "crm.update_customer", ["customer_id": "C-0", "fields": ["name": "X"]], error: .notFound),
        Case("history", "crm.get_history", ["customer_id": "C-1001"]),
        Case("history of unknown customer", "crm.get_history", ["customer_id": "C-0"], error: .notFound),
        Case("log interaction", "crm.log_interaction", ["customer_id": "C-1001", "summary": "Refunded duplicate"], result: ["id": "I-9001"]),
        Case("log without summary", "crm.log_interaction", ["customer_id": "C-1001"], error: .invalidArgument),
        Case("close account", "crm.close_account", ["customer_id": "C-1001", "reason": "asked"], result: ["status": "closed"]),
        Case("close unknown account", "crm.close_account", ["customer_id": "C-0", "reason": "asked"], error: .notFound),
        // Billing
        Case("subscription with plan", "billing.get_subscription", ["customer_id": "C-1001"],
             result: ["id": "SUB-2001", "plan": "pro-monthly"]),
        Case("subscription of unknown customer", "billing.get_subscription", ["customer_id": "C-0"], error: .notFound),
        Case("invoices", "billing.list_invoices", ["customer_id": "C-1002"]),
        Case("invoice with charges", "billing.get_invoice", ["invoice_id": "INV-3002"], result: ["amount": .number(199)]),
        Case("unknown invoice", "billing.get_invoice", ["invoice_id": "INV-0"], error: .notFound),
        Case("charges", "billing.list_charges", ["customer_id": "C-1001"]),
        Case("refund in full", "billing.refund", ["charge_id": "CH-4001", "amount": 49, "reason": "duplicate"],
             result: ["refund_id": "RF-1", "charge_id": "CH-4001", "amount": .number(49), "status": "succeeded"]),
        Case("refund a decimal string amount", "billing.refund", ["charge_id": "CH-4001", "amount": "10.50", "reason": "partial"],
             result: ["amount": .number(Decimal(string: "10.50")!)]),
        Case("refund more than was charged", "billing.refund", ["charge_id": "CH-4001", "amount": .number(Decimal(string: "49.01")!), "reason": "x"], error: .conflict),
        Case("refund a failed charge", "billing.refund", ["charge_id": "CH-FAIL", "amount": 1, "reason": "x"], error: .conflict),
        Case("refund zero", "billing.refund", ["charge_id": "CH-4001", "amount": 0, "reason": "x"], error: .invalidArgument),
        Case("refund unknown charge", "billing.refund", ["charge_id": "CH-0", "amount": 1, "reason": "x"], error: .notFound),
        Case("refund with an unknown argument", "billing.refund", ["charge_id": "CH-4001", "amount": 1, "reason": "x", "force": true], error: .invalidArgument),
        Case("refund with a non-number amount", "billing.refund", ["charge_id": "CH-4001", "amount": "lots", "reason": "x"], error: .invalidArgument),
        Case("change plan", "billing.change_plan", ["customer_id": "C-1001", "plan_id": "team-monthly"], result: ["plan": "team-monthly"]),
        Case("change to the same plan", "billing.change_plan", ["customer_id": "C-1001", "plan_id": "pro-monthly"], error: .conflict),
        Case("change to an unknown plan", "billing.change_plan", ["customer_id": "C-1001", "plan_id": "gold"], error: .notFound),
        Case("cancel at period end", "billing.cancel_subscription", ["customer_id": "C-1001"], result: ["status": "active", "cancel_at_period_end": true]),
        Case("cancel now", "billing.cancel_subscription", ["customer_id": "C-1001", "at_period_end": false], result: ["status": "cancelled"]),
        Case("cancel with a non-boolean", "billing.cancel_subscription", ["customer_id": "C-1001", "at_period_end": "soon"], error: .invalidArgument),
        Case("credit", "billing.apply_credit", ["customer_id": "C-1001", "amount": 5, "reason": "sorry"], result: ["credit_id": "CR-1", "amount": .number(5)]),
        Case("negative credit", "billing.apply_credit", ["customer_id": "C-1001", "amount": -5, "reason": "sorry"], error: .invalidArgument),
        // Orders
        Case("orders", "orders.list_orders", ["customer_id": "C-1001"]),
        Case("order", "orders.get_order", ["order_id": "ORD-5001"], result: ["status": "shipped"]),
        Case("unknown order", "orders.get_order", ["order_id": "ORD-0"], error: .notFound),
        Case("track by order", "orders.track_shipment", ["order_id": "ORD-5001"],
             result: ["carrier": "UPS", "tracking": "1Z999AA10123456784", "status": "in_transit", "eta": "2026-11-25"]),
        Case("track by tracking number", "orders.track_shipment", ["tracking": "1z999aa10123456784"], result: ["order_id": "ORD-5001"]),
        Case("track an order not shipped", "orders.track_shipment", ["order_id": "ORD-P"], error: .notFound),
        Case("track without criteria", "orders.track_shipment", [:], error: .invalidArgument),
        Case("cancel pending order", "orders.cancel_order", ["order_id": "ORD-P", "reason": "changed mind"], result: ["status": "cancelled"]),
        Case("cancel shipped order", "orders.cancel_order", ["order_id": "ORD-5001", "reason": "x"], error: .conflict),
        Case("return delivered order", "orders.create_return", ["order_id": "ORD-D", "items": ["KB-200"], "reason": "broken"],
             result: ["return_id": "RT-1", "order_id": "ORD-D", "label_url": "https://returns.example.com/labels/RT-1.pdf"]),
        Case("return an undelivered order", "orders.create_return", ["order_id": "ORD-5001", "items": ["KB-200"], "reason": "x"], error: .conflict),
        Case("return after 30 days", "orders.create_return", ["order_id": "ORD-OLD", "items": ["MS-310"], "reason": "x"], error: .conflict),
        Case("return an item not in the order", "orders.create_return", ["order_id": "ORD-D", "items": ["MS-310"], "reason": "x"], error: .invalidArgument),
        Case("stock", "orders.check_stock", ["sku": "MS-310"], result: ["sku": "MS-310", "name": "Ergonomic Mouse", "stock": 0]),
        Case("stock of unknown sku", "orders.check_stock", ["sku": "NOPE"], error: .notFound),
        // Tickets
        Case("create ticket", "tickets.create", ["customer_id": "C-1001", "subject": "Broken", "description": "It broke", "priority": "high"],
             result: ["id": "T-9001", "status": "open", "priority": "high"]),
        Case("create with a bad priority", "tickets.create", ["customer_id": "C-1001", "subject": "s", "description": "d", "priority": "asap"], error: .invalidArgument),
        Case("update ticket", "tickets.update", ["ticket_id": "T-7001", "status": "solved"], result: ["status": "solved"]),
        Case("update with nothing to change", "tickets.update", ["ticket_id": "T-7001"], error: .invalidArgument),
        Case("update unknown ticket", "tickets.update", ["ticket_id": "T-0", "status": "solved"], error: .notFound),
        Case("comment", "tickets.comment", ["ticket_id": "T-7001", "body": "Looking into it", "public": true], result: ["comment_id": "T-7001-C1"]),
        Case("comment on unknown ticket", "tickets.comment", ["ticket_id": "T-0", "body": "x"], error: .notFound),
        Case("list tickets by status", "tickets.list", ["customer_id": "C-1001", "status": "open"]),
        Case("get ticket", "tickets.get", ["ticket_id": "T-7001"], result: ["comments": []]),
        Case("get unknown ticket", "tickets.get", ["ticket_id": "T-0"], error: .notFound),
        // Knowledge base, account, hand-off
        Case("search", "kb.search", ["query": "refund duplicate charge"]),
        Case("search with a bad limit", "kb.search", ["query": "refund", "limit": 0], error: .invalidArgument),
        Case("article", "kb.get_article", ["article_id": "shipping"], result: ["title": "Shipping and delivery"]),
        Case("unknown article", "kb.get_article", ["article_id": "nope"], error: .notFound),
        Case("password reset", "account.send_password_reset", ["customer_id": "C-1001"], result: ["sent_to": "d***@example.com"]),
        Case("password reset for unknown customer", "account.send_password_reset", ["customer_id": "C-0"], error: .notFound),
        Case("escalate", "handoff.escalate", ["customer_id": "C-1002", "reason": "legal", "priority": "high", "summary": "Chargeback threat"],
             result: ["ticket_id": "T-9001", "queue": "priority"]),
        Case("escalate without summary", "handoff.escalate", ["reason": "legal", "priority": "high"], error: .invalidArgument),
        Case("unknown operation", "billing.teleport", [:], error: .unknownOperation),
    ]

    @Test(arguments: cases)
    func operation(_ c: Case) throws {
        let backend = ConversationBackend(world: BackendFixture.world, latencyMs: BackendFixture.latency, start: BackendFixture.start)
        let outcome = backend.perform(c.operation, c.args)
        if let code = c.error {
            guard case .failure(let e) = outcome else { Issue.record("expected \(code), got \(outcome.json.jsonText())"); return }
            #expect(e.code == code, "\(e.message)")
            #expect(!e.message.isEmpty)
            #expect(backend.snapshot().world["charges"] == BackendFixture.world["charges"], "a failed call changes nothing")
        } else {
            let result = try #require(outcome.result, "\(outcome.json.jsonText())")
            for (key, value) in c.result {
                #expect(result[key] == value, "\(key): \(result[key]?.jsonText() ?? "missing")")
            }
        }
        #expect(backend.snapshot().audit.count == 1, "every call is audited")
    }

    @Test func everyCatalogueOperationIsCovered() {
        let covered = Set(Self.cases.map(\.operation))
        #expect(Set(OperationCatalogue.names).subtracting(covered).isEmpty)
    }

    @Test func refundChangesTheChargeAndAddsARefund() throws {
        let backend = ConversationBackend(world: BackendFixture.world, start: BackendFixture.start)
        backend.perform("billing.refund", ["charge_id": "CH-4001", "amount": 20, "reason": "partial"])
        backend.perform("billing.refund", ["charge_id": "CH-4001", "amount": 29, "reason": "rest"])
        let third = backend.perform("billing.refund", ["charge_id": "CH-4001", "amount": 1, "reason": "too much"])
        let world = backend.snapshot().world
        #expect(world["charges"].record(id: "CH-4001")?["refunded"] == .number(49))
        #expect(world["refunds"].records.map { $0["id"] } == ["RF-1", "RF-2"])
        #expect(third.isSuccess == false)
    }

    @Test func chargesAreListedNewestFirst() throws {
        let backend = ConversationBackend(world: BackendFixture.world, start: BackendFixture.start)
        let result = try #require(backend.perform("billing.list_charges", ["customer_id": "C-1001"]).result)
        #expect(result["charges"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["CH-FAIL", "CH-4001"])
    }

    @Test func searchRanksTheMatchingArticleFirst() throws {
        let backend = ConversationBackend(world: BackendFixture.world, start: BackendFixture.start)
        let result = try #require(backend.perform("kb.search", ["query": "how long does delivery take", "limit": 1]).result)
        #expect(result["articles"]?.arrayValue?.first?["id"] == "shipping")
    }
}
