import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting

/// The acme-mini world plus records for every state an operation cares about.
enum BackendFixture {
    static let extra = """
        orders:
          - {id: ORD-P, customer: C-1001, status: pending, placed: 2026-11-19, total: 59.00, items: [{sku: MS-310, qty: 1, price: 59.00}]}
          - {id: ORD-D, customer: C-1001, status: delivered, placed: 2026-11-01, delivered: 2026-11-05, total: 129.90, items: [{sku: KB-200, qty: 1, price: 129.90}], shipment: {carrier: UPS, tracking: 1ZDELIVERED, status: delivered, eta: 2026-11-05}}
          - {id: ORD-OLD, customer: C-1002, status: delivered, placed: 2026-08-01, delivered: 2026-08-05, total: 59.00, items: [{sku: MS-310, qty: 1, price: 59.00}]}
        charges:
          - {id: CH-FAIL, customer: C-1001, invoice: INV-3001, amount: 49.00, status: failed, created: 2026-11-02T10:00:00Z, failure_reason: card_declined}
        tickets:
          - {id: T-7001, customer: C-1001, subject: Keyboard not pairing, status: open, priority: normal, created: 2026-11-18}
        interactions:
          - {id: I-8001, customer: C-1001, at: 2026-11-18T14:00:00Z, channel: email, summary: Asked about pairing.}
        """

    static let world: World = {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try? Data(extra.utf8).write(to: root.appendingPathComponent("scenarios/world/extra.yaml"))
        do { return try SuiteLoader(root: root).load().world } catch { fatalError("fixture does not load: \(error)") }
    }()

    static let start = ISODate.parseDateTime("2026-11-20T09:00:00Z")!
    static let latency = ["crm": 120, "billing": 180, "orders": 150, "tickets": 90, "kb": 60]
}
