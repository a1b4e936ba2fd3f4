import Foundation
import SupportSimCore
import SupportSimScoring
import Testing

struct GroundingTests {
    static func claim(_ text: String, year: Int = 2026) -> Claim {
        let found = ClaimExtractor.claims(in: text, year: year)
        precondition(found.count == 1, "expected one claim in \(text), got \(found)")
        return found[0]
    }

    static func number(_ text: String) -> JSONValue { .number(Decimal(string: text)!) }

    static func evidence(_ texts: [String] = [], json: JSONValue? = nil) -> Evidence {
        var e = Evidence(year: 2026)
        for t in texts { e.add(text: t) }
        if let json { e.add(json: json) }
        return e
    }

    // MARK: - Evidence, kind by kind

    @Test func amountsCompareAsDecimals() {
        let e = Self.evidence(["I was charged 59 dollars", "It was €1.299,00 in the shop"],
                              json: ["amount": .number(Decimal(string: "49.90")!), "credit": -20])
        #expect(e.supports(Self.claim("I refunded $49.90.")))
        #expect(e.supports(Self.claim("That's 49.9 USD.")))
        #expect(e.supports(Self.claim("You paid 59.00.")))
        #expect(e.supports(Self.claim("It cost $1,299.")))
        #expect(e.supports(Self.claim("A credit of $20 was added.")))
        #expect(!e.supports(Self.claim("I refunded $12.00.")))
        #expect(!e.supports(Self.claim("I refunded $49.99.")))
    }

    @Test func datesCompareAsISODaysWhateverTheFormat() {
        let e = Self.evidence(["Delivery expected Nov 25"], json: ["created": "2026-11-12T10:15:00Z", "due": "12/01/2026"])
        #expect(e.supports(Self.claim("It arrives on 2026-11-25.")))
        #expect(e.supports(Self.claim("It arrives November 25, 2026.")))
        #expect(e.supports(Self.claim("You were charged on 12 November.")))
        #expect(e.supports(Self.claim("It is due Dec 1st.")))
        #expect(!e.supports(Self.claim("It arrives Nov 26.")))
        #expect(!e.supports(Self.claim("It arrives November 25, 2027.")))
    }

    @Test func identifiersAndEmailsIgnoreCase() {
        let e = Self.evidence(["my order is ord-5001, mail me at Dana.W@Example.com"],
                              json: ["shipment": ["tracking": "1Z999AA10123456784"]])
        #expect(e.supports(Self.claim("Order ORD-5001 has shipped.")))
        #expect(e.supports(Self.claim("Tracking: 1Z999AA10123456784.")))
        #expect(e.supports(Self.claim("I wrote to dana.w@example.com.")))
        #expect(!e.supports(Self.claim("Order ORD-5002 has shipped.")))
        #expect(!e.supports(Self.claim("Tracking: 1Z999AA10123456785.")))
        #expect(!e.supports(Self.claim("I wrote to dana@example.com.")))
    }

    @Test func phonesCompareAsDigitsWithOrWithoutCountryCode() {
        let e = Self.evidence(["1-800-555-0199"], json: ["phone": "+1-555-0101"])
        #expect(e.supports(Self.claim("Call (800) 555-0199.")))
        #expect(e.supports(Self.claim("Call +1 800 555 0199.")))
        #expect(e.supports(Self.claim("Your number is 555-0101.")))
        #expect(!e.supports(Self.claim("Call 1-800-555-0198.")))
    }

    @Test func durationsTimesPercentagesByNormalisedForm() {
        let e = Self.evidence(["Refunds reach your card in 5-10 business days.", "Orders ship within 2 business days.",
                               "Open 9am-6pm ET.", "Get 10% off with a 48-hour code."],
                              json: ["discount_pct": 15])
        #expect(e.supports(Self.claim("It takes 5 to 10 business days.")))
        #expect(e.supports(Self.claim("It ships within 2 days.")))
        #expect(e.supports(Self.claim("The code is valid for 48 hours.")))
        #expect(!e.supports(Self.claim("It takes 5-7 business days.")))
        #expect(!e.supports(Self.claim("It ships within 2 weeks.")))
        #expect(e.supports(Self.claim("We open at 9:00 am.")))
        #expect(e.supports(Self.claim("We close at 18:00.")))
        #expect(!e.supports(Self.claim("We close at 5pm.")))
        #expect(e.supports(Self.claim("That's 10 percent off.")))
        #expect(e.supports(Self.claim("That's 15% off.")))
        #expect(!e.supports(Self.claim("That's 20% off.")))
    }

    @Test func valuesOfOneResultDoNotRunIntoEachOther() {
        let e = Self.evidence(json: ["label_url": "https://returns.example.com/labels/RT-1.pdf", "return_id": "RT-1",
                                     "parts": ["Nov", "25", "5", "days"]])
        #expect(e.supports(Self.claim("Print it from https://returns.example.com/labels/RT-1.pdf.")))
        #expect(!e.supports(Self.claim("It arrives Nov 25.")))
        #expect(!e.supports(Self.claim("It takes 5 days.")))
    }

    @Test func businessDurationsAreNotGroundedByCalendarOnes() {
        let e = Self.evidence(["You can return it within 30 days."])
        #expect(!e.supports(Self.claim("You have 30 business days.")))
    }

    @Test func urlsMatchExactlyButForSchemeHostCaseAndTrailingSlash() {
        let e = Self.evidence(["See https://help.northwind.com/returns for details."])
        #expect(e.supports(Self.claim("See HELP.Northwind.com/returns/.")))
        #expect(e.supports(Self.claim("See http://help.northwind.com/returns.")))
        #expect(!e.supports(Self.claim("See help.northwind.com/Returns.")))
        #expect(!e.supports(Self.claim("See help.northwind.com/refunds.")))
    }

    @Test func describeListsValuesOfTheKindSortedAndTheSources() {
        var e = Evidence(year: 2026)
        e.add(json: ["total": Self.number("129.9"), "items": [["price": Self.number("19.90")], ["price": 110]]] as JSONValue, source: "orders.get")
        e.add(text: "I paid $5", source: "customer")
        #expect(e.describe(limit: 3, kind: .money) == "amounts: 5, 19.9, 110 (+1 more); from: orders.get, customer")
        #expect(Evidence(year: 2026).describe(limit: 3) == "no values; from: none")
    }

    @Test func ungroundedClaimsReportsEachValueOnce() {
        let e = Self.evidence(["ORD-5001"])
        let claims = GroundingChecker.ungroundedClaims(
            in: "ORD-5001 cost $12. Yes, $12.00 exactly, refunded on Nov 3.", evidence: e, year: 2026)
        #expect(claims.map(\.normalized) == ["12", "2026-11-03"])
        #expect(claims[0].text == "$12")
    }

    // MARK: - GroundingChecker on a played conversation

    static let start = ISODate.parseDateTime("2026-11-20T09:00:00Z")!

    static let knowledgeBase = KnowledgeBase(articles: [
        KnowledgeArticle(id: "refund-policy", title: "Refund policy",
                         body: "Refunds reach the original payment method in 5-10 business days.\nRefunds above 100.00 are reviewed."),
        KnowledgeArticle(id: "warranty", title: "Warranty", body: "Approved claims receive a replacement within 5-7 business days."),
    ])

    static var config: SuiteConfig {
        var c = SuiteConfig()
        c.groundedFacts = ["1-800-555-0199", "9am-6pm ET"]
        return c
    }

    static func customer(_ text: String, turn: Int) -> TranscriptEntry {
        TranscriptEntry(speaker: .customer, text: text, atMs: turn * 60_000, turn: turn, scriptedTurn: turn, scripted: true)
    }

    static func agent(_ text: String, turn: Int, calls: Range<Int>) -> TranscriptEntry {
        TranscriptEntry(speaker: .agent, text: text, atMs: turn * 60_000 + 1_000, turn: turn, scriptedTurn: turn,
                        scripted: true, reply: AgentReply(text: text), auditRange: calls)
    }

    static func call(_ seq: Int, _ operation: String, _ result: JSONValue) -> AuditEntry {
        AuditEntry(seq: seq, atMs: seq * 1_000, operation: operation, arguments: ["ignored": "ORD-9999"],
                   outcome: .success(result), latencyMs: 100)
    }

    static func record(_ transcript: [TranscriptEntry], audit: [AuditEntry], facts: [String] = []) -> ConversationRecord {
        var scenario = Scenario(id: "grounding", turns: [ScenarioTurn(customer: "hi")])
        scenario.expect.groundedFacts = facts
        return ConversationRecord(scenario: scenario, trial: 1, conversationID: "c-1", start: start, transcript: transcript,
                                  audit: audit, finalWorld: World(), handoff: nil, handoffTurn: nil,
                                  endReason: .scriptDone, error: nil, endMs: 600_000)
    }

    static let audit: [AuditEntry] = [
        call(0, "billing.get_invoice", ["id": "INV-3001", "amount": number("59.90"), "charges": ["CH-4001", "CH-4002"]]),
        call(1, "kb.search", ["articles": [["id": "refund-policy", "title": "Refund policy", "snippet": "Refunds...", "score": number("1.2")]]]),
        call(2, "orders.get", ["id": "ORD-5001", "status": "shipped", "shipment": ["carrier": "UPS", "eta": "2026-11-25"]]),
        call(3, "orders.get_tracking", ["order_id": "ORD-5001", "tracking": "1Z999AA10123456784"]),
    ]

    @Test func flagsInventedAmountsAndUnlookedUpIdentifiersOnly() {
        let r = Self.record([
            Self.customer("I was charged $59.90 twice for INV-3001, please refund one.", turn: 0),
            Self.agent("I've refunded $59.90 for INV-3001 (charge CH-4002). It reaches your card in 5-10 business days.",
                       turn: 0, calls: 0..<2),
            Self.customer("And where is my order ORD-5001?", turn: 1),
            Self.agent("ORD-5001 ships with UPS, tracking 1Z999AA10123456784, arriving November 25.", turn: 1, calls: 2..<3),
            Self.customer("Can I get my money back for the keyboard too?", turn: 2),
            Self.agent("Done: I've issued a refund of $129.90 to your card.", turn: 2, calls: 3..<3),
            Self.customer("What's the tracking number again? And how do I call you?", turn: 3),
            Self.agent("It's 1Z999AA10123456784. Call 1-800-555-0199, 9am-6pm ET.", turn: 3, calls: 3..<4),
        ], audit: Self.audit)
        let found = GroundingChecker(config: Self.config, knowledgeBase: Self.knowledgeBase).hallucinations(r)
        #expect(found.map(\.turn) == [1, 2])
        #expect(found.map(\.kind) == ["identifier", "money"])
        #expect(found.map(\.claim) == ["1Z999AA10123456784", "$129.90"])
        #expect(found.first?.sentence == "ORD-5001 ships with UPS, tracking 1Z999AA10123456784, arriving November 25.")
        #expect(found.last?.comparedWith.hasPrefix("amounts: ") == true)
        #expect(found.last?.comparedWith.contains("59.9") == true)
        #expect(found.last?.comparedWith.contains("kb:refund-policy") == true)
    }

    @Test func correctRepliesHaveNoFindings() {
        let r = Self.record([
            Self.customer("I was charged $59.90 twice for INV-3001.", turn: 0),
            Self.agent("I've refunded 59.90 for INV-3001 (charge CH-4002); refunds reach your card in 5-10 business days.",
                       turn: 0, calls: 0..<2),
            Self.customer("Where is ORD-5001?", turn: 1),
            Self.agent("ORD-5001 shipped with UPS on tracking 1Z999AA10123456784 and arrives Nov 25, 2026.", turn: 1, calls: 2..<4),
            Self.customer("Thanks! Can I call you?", turn: 2),
            Self.agent("Of course: 1-800-555-0199, 9am-6pm ET. Ask for the returns desk at returns@northwind.example.",
                       turn: 2, calls: 4..<4),
        ], audit: Self.audit, facts: ["returns@northwind.example"])
        #expect(GroundingChecker(config: Self.config, knowledgeBase: Self.knowledgeBase).hallucinations(r).isEmpty)
    }

    @Test func onlyArticlesReturnedToTheAgentAreEvidence() {
        let r = Self.record([
            Self.customer("My headset broke, how long does a replacement take?", turn: 0),
            Self.agent("A replacement arrives within 5-7 business days.", turn: 0, calls: 0..<2),
        ], audit: Self.audit)
        let found = GroundingChecker(config: Self.config, knowledgeBase: Self.knowledgeBase).hallucinations(r)
        // Only refund-policy was returned by kb.search; the warranty article says 5-7 days.
        #expect(found.map(\.claim) == ["5-7 business days"])
        let withArticle = Self.record(r.transcript, audit: [Self.call(0, "kb.get_article", ["id": "warranty", "title": "Warranty"])])
        #expect(GroundingChecker(config: Self.config, knowledgeBase: Self.knowledgeBase).hallucinations(withArticle).isEmpty)
    }

    @Test func failedCallsAndCallArgumentsAreNotConfused() {
        let failed = AuditEntry(seq: 0, atMs: 0, operation: "orders.get", arguments: ["order_id": "ORD-7777"],
                                outcome: .failure(ToolError(.notFound, "no order with id \"ORD-7777\"")), latencyMs: 50)
        let refund = Self.call(1, "billing.refund", ["status": "issued"])
        let r = Self.record([
            Self.customer("Where is my order?", turn: 0),
            Self.agent("I couldn't find ORD-7777, and ORD-9999 isn't yours either.", turn: 0, calls: 0..<2),
        ], audit: [failed, refund])
        // The error message names ORD-7777; ORD-9999 was only ever an argument.
        let found = GroundingChecker(config: Self.config, knowledgeBase: Self.knowledgeBase).hallucinations(r)
        #expect(found.map(\.claim) == ["ORD-9999"])
    }
}
