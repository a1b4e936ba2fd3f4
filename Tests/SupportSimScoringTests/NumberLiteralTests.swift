import Foundation
import SupportSimCore
@testable import SupportSimScoring
import Testing

/// A `mentions:` value that is a number is compared as a number: currency signs and codes and
/// thousands separators allowed, nothing else.
struct NumberLiteralTests {
    @Test(arguments: [
        ("$49.00", "49.00"), ("49 USD", "49"), ("1,200", "1200"), ("€ 5", "5"), ("£12.5", "12.5"), ("0", "0"),
        ("  7  ", "7"), ("12EUR", "12"),
    ])
    func numbersAreRead(_ text: String, _ value: String) {
        #expect(TextNormalization.numberLiteral(text) == Decimal(string: value))
    }

    @Test(arguments: ["49.", ".5", "4.9.1", "abc", "12a", "", "$", "-5", "1 200", "4٥"])
    func anythingElseIsNotANumber(_ text: String) {
        #expect(TextNormalization.numberLiteral(text) == nil)
    }

    @Test func identifierTokensIgnoreCaseAndHyphens() {
        #expect(EvidencePiece.tokenKey("ord-5001") == "ORD5001")
        #expect(EvidencePiece.tokenKey("1z999aa1") == "1Z999AA1")
        #expect(EvidencePiece.tokenKey("a-b-c") == "ABC")
    }
}
