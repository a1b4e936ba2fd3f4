import Foundation
import SupportSimCore
import SupportSimScoring
import Testing

/// A sentence and the claims it must yield, written `kind:normalized`, in reading order.
struct ClaimCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let claims: [String]
    init(_ sentence: String, _ claims: [String]) {
        self.sentence = sentence
        self.claims = claims
    }
    var testDescription: String { sentence }
}

struct ClaimExtractorTests {
    static let cases: [ClaimCase] = [
        // Money in every common format.
        .init("I've refunded $49.00 to your card.", ["money:49"]),
        .init("The refund of $49 is on its way.", ["money:49"]),
        .init("You were charged 49.00 USD.", ["money:49"]),
        .init("That's USD 49 per month.", ["money:49"]),
        .init("The total was $1,299.50.", ["money:1299.5"]),
        .init("The monitor costs €1.299,00 in Germany.", ["money:1299"]),
        .init("A coffee is 3,50 € there.", ["money:3.5"]),
        .init("It was 49 dollars.", ["money:49"]),
        .init("I can offer 20 euros of credit.", ["money:20"]),
        .init("Only 99 cents per extra seat.", ["money:0.99"]),
        .init("The fee is £12.", ["money:12"]),
        .init("Pricing starts at US$19.", ["money:19"]),
        .init("The duplicate charge of 49.90 was refunded.", ["money:49.9"]),
        .init("Your plan costs 199.00 per month and extra seats cost 8.00.", ["money:199", "money:8"]),
        .init("The order total is 1,299.50 including tax.", ["money:1299.5"]),
        .init("A credit of -$20.00 was applied.", ["money:20"]),
        .init("We waived $1,299 of fees.", ["money:1299"]),
        .init("The €49,50 charge is pending.", ["money:49.5"]),
        .init("It's $0.99 per SMS.", ["money:0.99"]),
        .init("That's 49 USD and 10 EUR.", ["money:49", "money:10"]),
        // Dates, with and without a year.
        .init("It should arrive on November 25, 2026.", ["date:2026-11-25"]),
        .init("It should arrive Nov 25.", ["date:2026-11-25"]),
        .init("It should arrive on 25 November.", ["date:2026-11-25"]),
        .init("Expected delivery: 2026-11-25.", ["date:2026-11-25"]),
        .init("It was placed on 11/25/2026.", ["date:2026-11-25"]),
        .init("It was placed on 25/11/2026.", ["date:2026-11-25"]),
        .init("It was placed on 11/25/26.", ["date:2026-11-25"]),
        .init("Your plan renews on Dec. 1st.", ["date:2026-12-01"]),
        .init("It renews on the 3rd of December 2026.", ["date:2026-12-03"]),
        .init("It renews on Dec 3, 2027.", ["date:2027-12-03"]),
        .init("Charged at 2026-11-12T10:15:00Z.", ["date:2026-11-12", "time:10:15"]),
        .init("It was delivered on September 30th.", ["date:2026-09-30"]),
        .init("It renews on 2026/12/01.", ["date:2026-12-01"]),
        .init("Your card expires in November 2026.", []),
        .init("There is no such day as Feb 30.", []),
        .init("You may 5 times retry, or march on.", []),
        .init("It arrives tomorrow or on Monday.", []),
        .init("About 3/4 of the battery is left.", []),
        // Times.
        .init("We open at 9am.", ["time:09:00"]),
        .init("We're available 9am-6pm ET, Monday to Friday.", ["time:09:00", "time:18:00"]),
        .init("The courier comes at 6:30 pm.", ["time:18:30"]),
        .init("The maintenance starts at 14:00.", ["time:14:00"]),
        .init("We call back at 9 a.m. tomorrow.", ["time:09:00"]),
        .init("The window closes at 12pm.", ["time:12:00"]),
        .init("The screen has a 16:9 ratio.", []),
        // Durations.
        .init("Refunds take 5-7 business days.", ["duration:5-7 business days"]),
        .init("Refunds take 5 to 7 working days.", ["duration:5-7 business days"]),
        .init("Refunds take 5–10 business days.", ["duration:5-10 business days"]),
        .init("We reply within 48 hours.", ["duration:48 hours"]),
        .init("You have 30 days to return it.", ["duration:30 days"]),
        .init("There's a 30-day return window.", ["duration:30 days"]),
        .init("It takes 2 weeks.", ["duration:2 weeks"]),
        .init("The link expires after 60 minutes.", ["duration:60 minutes"]),
        .init("It comes with a 2-year warranty.", ["duration:2 years"]),
        .init("A 1 hour slot is booked.", ["duration:1 hour"]),
        .init("Hold the button for 10 seconds.", ["duration:10 seconds"]),
        .init("Messages are answered within 4 business hours.", ["duration:4 business hours"]),
        .init("Returns are accepted for 30 calendar days.", ["duration:30 days"]),
        .init("It lasts up to 3 months, or 1.5 hrs of use.", ["duration:3 months", "duration:1.5 hours"]),
        // Percentages.
        .init("You get 10% off.", ["percentage:10%"]),
        .init("That's a 12.5 percent discount.", ["percentage:12.5%"]),
        .init("Batteries below 70 % are covered.", ["percentage:70%"]),
        .init("A 12.50 percent fee applies, on a 3.50 mm cable.", ["percentage:12.5%"]),
        .init("It covers 99% sRGB and 10.00% more.", ["percentage:99%", "percentage:10%"]),
        // Identifiers.
        .init("Your order ORD-5001 has shipped.", ["identifier:ORD-5001"]),
        .init("Invoice INV-3001 and charge CH-4002 match.", ["identifier:INV-3001", "identifier:CH-4002"]),
        .init("I've opened ticket T-7001 for you.", ["identifier:T-7001"]),
        .init("Subscription SUB-2001 is active.", ["identifier:SUB-2001"]),
        .init("Refund RF-1 was issued.", ["identifier:RF-1"]),
        .init("The Wireless Keyboard KB-200 is in stock.", ["identifier:KB-200"]),
        .init("Tracking number: 1Z999AA10123456784.", ["identifier:1Z999AA10123456784"]),
        .init("Your DHL tracking is JD014600006255.", ["identifier:JD014600006255"]),
        .init("Your account number is 12345678.", ["identifier:12345678"]),
        .init("Order ORD-4900 was $49.00.", ["identifier:ORD-4900", "money:49"]),
        .init("It is the USB-C Hub 7-in-1.", []),
        .init("The Pro 2 and the X200 both work with USB4 and HS400.", []),
        .init("It pairs over Bluetooth 5.2 and firmware version 2.10.", []),
        .init("Use the F1-F3 keys.", []),
        // E-mails, phones, URLs.
        .init("I've sent it to Dana.Whitfield@Example.com.", ["email:dana.whitfield@example.com"]),
        .init("Call us at 1-800-555-0199.", ["phone:18005550199"]),
        .init("Call us at +1 (555) 010-1234.", ["phone:15550101234"]),
        .init("Your number is +1-555-0101.", ["phone:15550101"]),
        .init("Try (555) 010-1234 or 555.010.1234.", ["phone:5550101234", "phone:5550101234"]),
        .init("The desk is at 555-0199.", ["phone:5550199"]),
        .init("Our London office is +44 20 7946 0958.", ["phone:442079460958"]),
        .init("See https://Help.Northwind.com/returns/.", ["url:help.northwind.com/returns"]),
        .init("See www.northwind.com/Returns for details.", ["url:www.northwind.com/Returns"]),
        .init("Visit northwind.com/support today.", ["url:northwind.com/support"]),
        // Mixed.
        .init("I've refunded $49.90 for INV-3001; it reaches your card in 5-10 business days.",
              ["money:49.9", "identifier:INV-3001", "duration:5-10 business days"]),
        .init("ORD-5002 ships via UPS (1Z4E2F110398127756) and arrives Nov 22 before 6pm.",
              ["identifier:ORD-5002", "identifier:1Z4E2F110398127756", "date:2026-11-22", "time:18:00"]),
        // No claims at all.
        .init("One moment, please.", []),
        .init("First, let me check; second, I'll confirm.", []),
        .init("This is your 2nd order with 3 items.", []),
        .init("Thanks for waiting!", []),
        .init("You can pair 2 devices at once.", []),
        .init("Your card ending in 4242 is on file.", []),
        .init("It has 6 programmable buttons and up to 4000 DPI.", []),
        .init("We've been around since 2026.", []),
        .init("The panel is 3840 x 2160 at 60Hz.", []),
        .init("Press the button 3 times.", []),
    ]

    @Test(arguments: cases)
    func extractsExactlyTheExpectedClaims(_ c: ClaimCase) {
        let found = ClaimExtractor.claims(in: c.sentence, year: 2026).map { "\($0.kind.rawValue):\($0.normalized)" }
        #expect(found == c.claims)
    }

    /// Every kind of claim is extracted from some sentence of the table, and some sentences
    /// have no claim: the table exercises the whole extractor, not one corner of it.
    @Test func everyKindOfClaimIsExtractedSomewhere() {
        let extracted = Self.cases.map { ClaimExtractor.claims(in: $0.sentence, year: 2026) }
        let kinds = Set(extracted.flatMap { $0.map(\.kind) })
        #expect(kinds == Set(ClaimKind.allCases))
        #expect(extracted.contains { $0.isEmpty })
    }

    @Test func claimKeepsTheTextAsWrittenAndItsSentence() {
        let reply = "Thanks for waiting. Your refund of $1,299.50 was issued on Nov. 20! It reaches you in 5 to 7 days."
        let claims = ClaimExtractor.claims(in: reply, year: 2026)
        #expect(claims.map(\.text) == ["$1,299.50", "Nov. 20", "5 to 7 days"])
        #expect(claims[0].sentence == "Your refund of $1,299.50 was issued on Nov. 20!")
        #expect(claims[1].sentence == "Your refund of $1,299.50 was issued on Nov. 20!")
        #expect(claims[2].sentence == "It reaches you in 5 to 7 days.")
    }

    @Test func sentencesSplitAtLineBreaks() {
        let claims = ClaimExtractor.claims(in: "Order: ORD-5001\nTotal: 129.90", year: 2026)
        #expect(claims.map(\.sentence) == ["Order: ORD-5001", "Total: 129.90"])
    }

    @Test func yearlessDatesTakeTheGivenYear() {
        #expect(ClaimExtractor.claims(in: "It arrives Jan 3.", year: 2027).map(\.normalized) == ["2027-01-03"])
    }

}
