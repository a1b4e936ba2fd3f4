import Foundation
import SupportSimCore
import Testing

/// A table answers "this customer's records" from an index; whatever is done to the table
/// (records added, replaced, changed, given to another customer, removed), the answer must be
/// what a scan of the records in order gives.
struct RecordTableTests {
    private func scan(_ t: RecordTable, _ customer: String) -> [Record] {
        t.records.filter { $0["customer"]?.stringValue == customer }
    }

    private func expectIndexAgrees(_ t: RecordTable, sourceLocation: SourceLocation = #_sourceLocation) {
        for c in ["C-1", "C-2", "C-3", "C-9"] {
            #expect(t.records(customer: c) == scan(t, c), "customer \(c)", sourceLocation: sourceLocation)
        }
    }

    @Test func aCustomersRecordsAreTheScanOfTheTableAfterEveryChange() {
        var t = RecordTable([
            ["id": "I-1", "customer": "C-1"], ["id": "I-2", "customer": "C-2"], ["id": "I-3", "customer": "C-1"],
            ["id": "I-4"], ["id": "I-5", "customer": .number(5)],
        ])
        expectIndexAgrees(t)
        #expect(t.records(customer: "C-1").map { $0["id"] } == ["I-1", "I-3"])
        t.upsert(["id": "I-6", "customer": "C-1"])
        expectIndexAgrees(t)
        t.upsert(["id": "I-1", "customer": "C-2", "amount": 5])  // replaced, now another customer's
        expectIndexAgrees(t)
        #expect(t.records(customer: "C-2").map { $0["id"] } == ["I-1", "I-2"], "in the table's order, not the change's")
        t.update(id: "I-4") { $0["customer"] = "C-3" }
        expectIndexAgrees(t)
        t.update(id: "I-3") { $0["customer"] = nil }
        expectIndexAgrees(t)
        t.update(id: "I-6") { $0["status"] = "paid" }  // same customer, changed record
        #expect(t.records(customer: "C-1").first?["status"] == "paid")
        t.remove(id: "I-2")
        expectIndexAgrees(t)
        t.upsert(["customer": "C-1", "note": "no id"])
        expectIndexAgrees(t)
        #expect(t.records(customer: "C-9").isEmpty)
    }

    @Test func theIndexDoesNotTakePartInEquality() {
        var a = RecordTable([["id": "I-1", "customer": "C-1"]])
        a.update(id: "I-1") { $0["customer"] = "C-2" }
        a.update(id: "I-1") { $0["customer"] = "C-1" }
        let b = RecordTable([["id": "I-1", "customer": "C-1"]])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }
}
