import Foundation
import SupportSimCore
import SupportSimScoring
import Testing

/// A claim is grounded only by evidence of its own kind (docs/grounding.md): an amount by a
/// money field or a money-formatted figure, never by a number that happens to be equal.
struct GroundingByKindTests {
    private func supports(_ sentence: String, json: JSONValue? = nil, text: [String] = []) -> Bool {
        var e = Evidence(year: 2026)
        for t in text { e.add(text: t) }
        if let json { e.add(json: json) }
        let claims = ClaimExtractor.claims(in: sentence, year: 2026)
        precondition(!claims.isEmpty, "no claim in \(sentence)")
        return claims.allSatisfy(e.supports)
    }

    /// Values an agent saw, each of another kind than money, and the amount a faulty agent made
    /// of it.
    static let otherKindNumbers: [(evidence: JSONValue, claim: String)] = [
        (["id": "CH-1", "amount": 49, "created": "2026-11-20T09:17:00Z"], "I have refunded $17.00 to your card."),
        (["card": ["brand": "visa", "last4": "3210"]], "A refund of $3,210.00 is on its way."),
        (["card": ["brand": "visa", "last4": 3210]], "A refund of $3,210.00 is on its way."),
        (["invoice": "INV-2026-0042", "amount": 49], "Invoice total: $42.00."),
        (["invoice": "INV-2026-0042", "amount": 49], "You were billed 2026.00 dollars."),
        (["order": "ORD-5001", "items": [["sku": "KB-1", "qty": 3]]], "That comes to $3.00."),
        (["flight_number": "HAT069", "prices": ["economy": 121], "available_seats": ["economy": 12]],
         "The economy fare is $12."),
        (["reservation": "2FBBAH", "total_baggages": 2, "nonfree_baggages": 1], "Your bags cost $2."),
        (["user": ["zip": "10017", "phone": "555-0101"]], "Your balance is $10,017."),
    ]

    @Test(arguments: 0..<otherKindNumbers.count)
    func anAmountEqualToAnotherKindOfValueIsNotGrounded(_ i: Int) {
        let (json, claim) = Self.otherKindNumbers[i]
        #expect(!supports(claim, json: json), "\(claim) grounded by \(json.jsonText())")
    }

    @Test func theCorrectAmountsOfTheSameRecordsAreGrounded() {
        #expect(supports("I have refunded $49.00 to your card.", json: Self.otherKindNumbers[0].evidence))
        #expect(supports("The economy fare is $121.", json: Self.otherKindNumbers[6].evidence))
        #expect(supports("A credit of $20 was applied.", json: ["credits": [["id": "CR-1", "amount": 20]]]))
        #expect(supports("Your certificate has a balance of $500.",
                         json: ["payment_methods": ["certificate_1": ["source": "certificate", "amount": 500]]]))
    }

    @Test func textGroundsAnAmountOnlyWhenItIsWrittenAsMoney() {
        #expect(supports("I refunded $59.00.", text: ["I was charged 59 dollars twice"]))
        #expect(supports("I refunded $59.00.", text: ["The charge was 59.00 on my statement"]))
        #expect(!supports("I refunded $59.00.", text: ["I have been a customer since 59 days ago, order 59"]))
        #expect(!supports("I refunded $2,026.00.", text: ["It happened in November 2026"]))
        #expect(!supports("Refund of $9.17 issued.", text: ["It was at 9:17 this morning"]))
    }

    @Test func otherKindsNeedTheirOwnKindToo() {
        // A date is not grounded by an amount, a percentage by an amount, an id by a number.
        #expect(!supports("Your order arrives on November 17.", json: ["amount": 17, "qty": 11]))
        #expect(!supports("You get a 15% discount.", json: ["amount": 15]))
        #expect(supports("You get a 15% discount.", json: ["discount_pct": 15]))
        #expect(!supports("Your order ORD-1700 has shipped.", json: ["total": 1700]))
        #expect(!supports("Your delivery window starts at 9:17.", json: ["amount": .number(Decimal(string: "9.17")!)]))
    }

    /// Sentences from real gpt-4o replies in tau-bench's airline episodes, with the tool output
    /// the model had read.
    @Test func realModelSentencesAreJudgedByKind() {
        let flight: JSONValue = ["flight_number": "HAT069", "origin": "SEA", "status": "available",
                                 "prices": ["economy": 121, "business": 448], "available_seats": ["economy": 12]]
        #expect(supports("**Flight HAT069**\n   - Economy Price: $121", json: flight))
        #expect(!supports("The total cost for the selected flights in economy class is $255.", json: flight),
                "a sum the model computed is not grounded")
        let user: JSONValue = ["payment_methods": ["gift_card_7091239": ["source": "gift_card", "amount": 157, "id": "gift_card_7091239"]]]
        #expect(supports("**Gift Card 7091239**: $157", json: user))
        #expect(!supports("**Gift Card 7091239**: $7,091,239", json: user))
    }

    @Test(arguments: [("amount", true), ("refunded", true), ("prices", true), ("unit_price", true), ("discount", true),
                      ("account_balance", true), ("last4", false), ("charge_count", false), ("total_baggages", false),
                      ("availableSeats", false), ("qty", false), ("economy", nil), ("status", nil)] as [(String, Bool?)])
    func fieldNamesSayWhetherTheyHoldMoney(_ key: String, _ money: Bool?) {
        #expect(MoneyFields.kind(of: key) == money)
    }
}
