import Foundation
import SupportSimCore
@testable import SupportSimScoring
import Testing

/// A backend result's evidence is extracted once per distinct result. The memo's key hashes the
/// tree in one pass; equal results must find the same piece whatever order their objects were
/// built in, and results that differ anywhere, however deep, must not share one.
struct EvidenceMemoTests {
    private let record: JSONValue = [
        "id": "C-1", "name": "Ann Lee", "balance": .number(Decimal(string: "49.90")!),
        "orders": [["id": "ORD-1", "total": .number(12), "items": ["a", "b"]], ["id": "ORD-2", "paid": true]],
        "note": .null,
    ]

    @Test func equalResultsBuiltInAnotherOrderShareTheirPiece() {
        var fields: [String: JSONValue] = [:]
        for key in ["note", "orders", "balance", "name", "id"] { fields[key] = record[key]! }
        let again = JSONValue.object(fields)
        #expect(again == record)
        #expect(EvidencePiece.of(json: again, year: 2026) === EvidencePiece.of(json: record, year: 2026))
    }

    @Test func resultsThatDifferDeepDownOrByYearDoNotShare() {
        guard case .object(var fields) = record else { return }
        fields["orders"] = [["id": "ORD-1", "total": .number(12), "items": ["a", "c"]], ["id": "ORD-2", "paid": true]]
        let changed = JSONValue.object(fields)
        let original = EvidencePiece.of(json: record, year: 2026)
        #expect(EvidencePiece.of(json: changed, year: 2026) !== original)
        #expect(EvidencePiece.of(json: record, year: 2025) !== original)
        // Same strings in another arrangement: a different tree.
        let swapped: JSONValue = ["a": "x", "b": "y"], other: JSONValue = ["a": "y", "b": "x"]
        #expect(EvidencePiece.of(json: swapped, year: 2026) !== EvidencePiece.of(json: other, year: 2026))
    }
}
