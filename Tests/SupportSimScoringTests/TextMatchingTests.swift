import Foundation
import SupportSimCore
import SupportSimScoring
import Testing

struct TextMatchingTests {
    /// (reply, expected mention, matches?)
    static let mentionCases: [(String, String, Bool)] = [
        ("I've refunded $49.00 to your card.", "49.00", true),
        ("I've refunded 49 dollars.", "49.00", true),
        ("Refunded: USD 49.0", "$49.00", true),
        ("The total was 1,299.50.", "1299.50", true),
        ("You were charged 59.00.", "49.00", false),
        ("Order ORD-4900 is on its way.", "49.00", false),
        ("It arrives on November 25, 2026.", "2026-11-25", true),
        ("It arrives Nov 25.", "2026-11-25", true),
        ("It arrives on 25 November.", "2026-11-25", true),
        ("It arrives on the 25th of Nov.", "2026-11-25", true),
        ("It arrives 2026-11-25.", "2026-11-25", true),
        ("It arrives November 25, 2025.", "2026-11-25", false),
        ("It arrives November 26.", "2026-11-25", false),
        ("Tracking:   1Z999AA10123456784", "1z999aa10123456784", true),
        ("We  can   help", "we can help", true),
        ("Your refund is on its way", "refunded", false),
    ]

    @Test(arguments: mentionCases)
    func mentionsAreCaseWhitespaceNumberAndDateTolerant(_ reply: String, _ expected: String, _ matches: Bool) {
        #expect(TextNormalization.mentions(reply, expected) == matches)
    }

    static let factCases: [(String, [String])] = [
        ("Could you confirm the last four digits of the card on file?", ["last4"]),
        ("What's your order number?", ["order_id"]),
        ("Please share your email address and zip code.", ["email", "zip"]),
        ("I've sent a reset link to your email.", []),
        ("Your order number is ORD-5001.", []),
        ("Can you tell me your full name?", ["name"]),
        ("Which invoice number is it?", ["invoice_id"]),
        ("Please reply with your account number.", ["account_number"]),
    ]

    @Test(arguments: factCases)
    func factRequestsAreQuestionsThatNameTheFact(_ reply: String, _ facts: [String]) {
        #expect(FactRequests.asked(in: reply, extra: ["account_number"]) == facts)
    }
}

/// The glob and calendar arithmetic every scored reply goes through, against the slow forms
/// they replace.
struct TextMatchingPrimitivesTests {
    @Test func globsMatchCharactersNotBytes() {
        #expect(Glob.matches("orders.*", "orders.cancel_order"))
        #expect(!Glob.matches("orders.*", "billing.refund"))
        #expect(Glob.matches("caf?", "café"), "? is one character, even one of two bytes")
        #expect(!Glob.matches("caf??", "café"))
        #expect(Glob.matches("*É*", "prix élevé", caseInsensitive: true))
        #expect(Glob.matches("billing.re?und*", "billing.refund_partial"))
        #expect(!Glob.matches("billing.re?und", "billing.refund_partial"))
    }

    @Test func theYearOfADateIsTheUTCCalendarsYear() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let instants: [TimeInterval] = [0, -1, 1_796_083_199, 1_796_083_200, 951_782_400, -2_208_988_800, 4_102_444_799, 4_102_444_800,
                                        -62_135_596_800, 253_402_300_799]
        for t in instants + stride(from: -3e9, to: 5e9, by: 7_777_777.7).map({ $0 }) {
            let date = Date(timeIntervalSince1970: t)
            #expect(ISODate.year(of: date) == calendar.component(.year, from: date), "\(date)")
        }
    }
}
