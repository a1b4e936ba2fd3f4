import Foundation
import SupportSimCore
import Testing
@testable import SupportSimTranscripts

/// Personal data replaced by placeholders that are consistent across an export and never a
/// real value.
struct RedactionTests {
    func conversation(_ id: String, _ messages: [(TranscriptRole, String)], name: String? = nil, email: String? = nil) -> ExportedConversation {
        ExportedConversation(id: id, customerName: name, customerEmail: email,
                             messages: messages.enumerated().map { TranscriptMessage(role: $1.0, text: $1.1, timeMs: Int64($0) * 1000, line: $0 + 2) },
                             line: 2)
    }

    @Test func eachKindOfDatumHasItsPlaceholder() {
        let r = ExportRedactor([conversation("1", [
            (.customer, "Mail me at Dana.W@Example.org or call +1 (415) 867-2671, card 4242-4242-4242-4242, order #48213."),
        ])])
        #expect(r.redact("Mail me at Dana.W@Example.org or call +1 (415) 867-2671, card 4242-4242-4242-4242, order #48213.")
            == "Mail me at customer-1@example.com or call +1-555-0100, card 4000 0000 0000 0002, order ORD-T0001.")
    }

    @Test func oneDatumWrittenManyWaysIsOnePlaceholderAcrossTheExport() {
        let r = ExportRedactor([
            conversation("1", [(.customer, "Order ORD-48213 and phone (415) 867-2671, email dana@mail.com")]),
            conversation("2", [(.customer, "order number 48213, +1 415 867 2671, DANA@MAIL.COM"), (.agent, "Order #48213 is here")]),
        ])
        #expect(r.redact("order 48213; #48213; ORD-48213") == "order ORD-T0001; ORD-T0001; ORD-T0001")
        #expect(r.redact("415-867-2671 or +1 (415) 867-2671") == "+1-555-0100 or +1-555-0100")
        #expect(r.redact("Dana@Mail.com") == "customer-1@example.com")
        #expect(r.orders(of: "2") == ["ORD-T0001"])
    }

    @Test func namesFromColumnsAndPhrasesAreReplacedWhereverTheyAppear() {
        let r = ExportRedactor([
            conversation("1", [(.customer, "Hi, my name is Priya Raghunathan."), (.agent, "Hello Priya, I'm Jordan from support.")],
                         name: "Priya Raghunathan"),
            conversation("2", [(.customer, "This is Tomasz. My colleague priya said you could help.\nThanks, Tomasz"),
                               (.agent, "Hi Tomasz, sure.")]),
        ])
        #expect(r.redact("Hi, my name is Priya Raghunathan.") == "Hi, my name is Customer One.")
        #expect(r.redact("Hello Priya, I'm Jordan from support.") == "Hello Customer One, I'm Agent One from support.")
        #expect(r.redact("Raghunathan, PRIYA") == "Customer One, Customer One")
        #expect(r.redact("This is Tomasz.") == "This is Customer Two.")
        #expect(r.customer(of: "1")?.name == "Customer One")
        #expect(r.customer(of: "2")?.name == "Customer Two")
        #expect(r.customer(of: "1")?.id == "C-T0001")
        #expect(r.customer(of: "2")?.id == "C-T0002")
    }

    @Test func commonCapitalisedWordsAfterThePhrasesAreNotNames() {
        let text = "Hi there, this is Really annoying. I'm Not happy. Thanks, I will wait. Hello Team"
        #expect(NameHeuristics.candidates(in: text, writtenByCustomer: true).isEmpty)
        #expect(NameHeuristics.candidates(in: "I'm Dana Whitfield and this is Sam", writtenByCustomer: true).map(\.name)
            == ["Dana Whitfield", "Sam"])
    }

    @Test func aConversationNamingTwoCustomersStaysAnonymous() {
        let r = ExportRedactor([conversation("1", [(.customer, "My name is Ada Byron, and this is Alan Turing speaking too.")])])
        #expect(r.customer(of: "1") == nil)
        #expect(r.redact("Ada Byron and Alan Turing") == "Customer One and Customer Two")
    }

    @Test func placeholdersSkipValuesTheExportHolds() {
        let r = ExportRedactor([conversation("1", [
            (.customer, "I am at customer-1@example.com, +1-555-0100 and +1 212 555 0199, card 4000 0000 0000 0002 and 4111 1111 1111 1111"),
        ])])
        #expect(r.redact("customer-1@example.com") == "customer-2@example.com")
        #expect(r.redact("+1-555-0100") == "+1-555-0101")
        #expect(r.redact("+1 212 555 0199") == "+1-555-0102")
        #expect(r.redact("4000 0000 0000 0002") == "4000 0000 0000 0010")
        #expect(r.redact("4111 1111 1111 1111") == "4000 0000 0000 0028")
    }

    @Test func testCardPlaceholdersAreLuhnValid() {
        for n in 1...20 {
            let digits = Placeholders.card(n).filter(\.isNumber)
            #expect(digits.count == 16)
            #expect(Placeholders.luhnCheckDigit(String(digits.dropLast())) == digits.last!.wholeNumberValue)
        }
        #expect(Placeholders.card(1) == "4000 0000 0000 0002")
    }
}
