import Foundation

/// The obviously fake values that stand for personal data (docs/transcripts.md). Each sequence
/// skips any value that the export itself holds, so a placeholder can never be mistaken for,
/// or equal, a real datum.
enum Placeholders {
    /// `customer-1@example.com`, `customer-2@example.com`, ...
    static func email(_ n: Int) -> String { "customer-\(n)@example.com" }

    /// `+1-555-0100` ... `+1-555-0199`, then on through `+1-555-9999`: the 555-01xx numbers are
    /// reserved for fiction.
    static func phone(_ n: Int) -> String { "+1-555-" + String(format: "%04d", 100 + (n - 1) % 9_900) }

    /// Test card numbers in the style of `4000 0000 0000 0002`: Luhn-valid, never a real card's.
    static func card(_ n: Int) -> String {
        let body = "400000000000" + String(format: "%03d", (n - 1) % 1000)
        let digits = body + String(luhnCheckDigit(body))
        return stride(from: 0, to: 16, by: 4).map { i in
            String(digits.dropFirst(i).prefix(4))
        }.joined(separator: " ")
    }

    /// `ORD-T0001`: the T keeps it apart from a real suite's order ids.
    static func order(_ n: Int) -> String { "ORD-T" + String(format: "%04d", n) }

    /// `C-T0001`; `C-T0000` is the customer of orders in an anonymous conversation.
    static func customerID(_ n: Int) -> String { "C-T" + String(format: "%04d", n) }

    /// `Customer One`, `Agent Two`: a name that reads as a name and is plainly not anyone's.
    static func name(_ n: Int, customer: Bool) -> String { (customer ? "Customer " : "Agent ") + numberWords(n) }

    static func luhnCheckDigit(_ body: String) -> Int {
        var sum = 0
        for (i, c) in body.reversed().enumerated() {
            var d = c.wholeNumberValue!
            if i % 2 == 0 { d *= 2; if d > 9 { d -= 9 } }
            sum += d
        }
        return (10 - sum % 10) % 10
    }

    /// `One`, `Twenty-Three`, `One Hundred Five`.
    static func numberWords(_ n: Int) -> String {
        let ones = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
                    "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
        let tens = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
        if n < 20 { return ones[n] }
        if n < 100 { return tens[n / 10] + (n % 10 == 0 ? "" : "-" + ones[n % 10]) }
        if n < 1000 { return ones[n / 100] + " Hundred" + (n % 100 == 0 ? "" : " " + numberWords(n % 100)) }
        return numberWords(n / 1000) + " Thousand" + (n % 1000 == 0 ? "" : " " + numberWords(n % 1000))
    }
}
