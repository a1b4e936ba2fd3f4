import Foundation
import SupportSimCore

/// What a customer message names: record ids, amounts, contact details, card digits.
public struct Entities: Sendable, Hashable {
    public var orderIDs: [String] = []
    public var invoiceIDs: [String] = []
    public var chargeIDs: [String] = []
    public var ticketIDs: [String] = []
    public var skus: [String] = []
    public var amounts: [Decimal] = []
    public var emails: [String] = []
    public var phones: [String] = []
    /// Four digits said as a card's last four ("ends in 4242", "last four 4242") or given as
    /// a short answer ("4242", "it's 4242"): never a plan name, a year or an amount in a sentence.
    public var last4: String?
    /// Every standalone four-digit number, for the answer to a question that asked for them.
    public var fourDigitNumbers: [String] = []
    /// Full card numbers pasted by the customer: never repeated, only noted.
    public var cardNumbers = 0
    public var dates: [String] = []
    public init() {}

    /// Later mentions first: "actually it's ORD-5002" wins over the earlier id.
    public mutating func merge(_ newer: Entities) {
        func join<T: Hashable>(_ a: [T], _ b: [T]) -> [T] { b + a.filter { !b.contains($0) } }
        orderIDs = join(orderIDs, newer.orderIDs)
        invoiceIDs = join(invoiceIDs, newer.invoiceIDs)
        chargeIDs = join(chargeIDs, newer.chargeIDs)
        ticketIDs = join(ticketIDs, newer.ticketIDs)
        skus = join(skus, newer.skus)
        amounts = join(amounts, newer.amounts)
        // Within one message the last address is the new one: "change it from a@x to b@y".
        emails = join(emails, newer.emails.reversed())
        phones = join(phones, newer.phones.reversed())
        dates = join(dates, newer.dates)
        last4 = newer.last4 ?? last4
        cardNumbers += newer.cardNumbers
    }
}

public enum EntityExtractor {
    private static func regex(_ p: String, _ o: NSRegularExpression.Options = []) -> NSRegularExpression {
        try! NSRegularExpression(pattern: p, options: o)
    }

    private static let sku = regex(#"\b[A-Z]{2,3}-\d{2,4}\b"#)
    private static let email = regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
    private static let phone = regex(#"\+?\d[\d ()-]{7,}\d"#)
    private static let card = regex(#"\b(?:\d[ -]?){13,16}\b"#)
    private static let four = regex(#"(?<![\d.,$€£-])\b\d{4}\b(?![\d-]|[.,]\d)"#)
    /// Words that say the next four digits are a card's last four.
    private static let last4Cue = regex(#"(?i)\b(?:last\s*(?:four|4)(?:\s*digits)?|ending(?:\s+(?:in|with))?|ends?\s+(?:in|with)|card(?:\s+number)?|digits(?:\s+are)?)\b[^\d\n]{0,16}(\d{4})\b"#)
    private static let iso = regex(#"\b\d{4}-\d{2}-\d{2}\b"#)

    static func all(_ r: NSRegularExpression, _ text: String) -> [String] {
        let ns = text as NSString
        return r.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    /// - Parameter shapes: how the suite's record ids look (learned from its world).
    public static func extract(_ text: String, shapes: IdentifierShapes = .standard) -> Entities {
        var e = Entities()
        // Every pattern but the e-mail one needs a digit (`\d`: any decimal digit, as ICU reads
        // it), amounts too, and most messages have none: ten regex passes saved on each of them.
        if !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .decimalNumber }) {
            if text.utf8.contains(64) { e.emails = all(email, text).map { $0.lowercased() } }
            return e
        }
        e.orderIDs = all(shapes.order, text).map { $0.uppercased() }
        e.invoiceIDs = all(shapes.invoice, text).map { $0.uppercased() }
        e.chargeIDs = all(shapes.charge, text).map { $0.uppercased() }
        e.ticketIDs = all(shapes.ticket, text).map { $0.uppercased() }
        let taken = Set(e.orderIDs + e.invoiceIDs + e.chargeIDs + e.ticketIDs)
        e.skus = all(sku, text).filter { !taken.contains($0) && !$0.hasPrefix("SUB-") }
        e.emails = all(email, text).map { $0.lowercased() }
        let cards = all(card, text)
        e.cardNumbers = cards.count
        var rest = text
        for c in cards { rest = rest.replacingOccurrences(of: c, with: " ") }
        for id in taken { rest = rest.replacingOccurrences(of: id, with: " ") }
        e.dates = all(iso, rest)
        for d in e.dates { rest = rest.replacingOccurrences(of: d, with: " ") }
        e.phones = all(phone, rest).filter { $0.filter(\.isNumber).count >= 7 }
        for p in e.phones { rest = rest.replacingOccurrences(of: p, with: " ") }
        let fours = all(four, rest).filter { !(1900...2100).contains(Int($0) ?? 0) || rest.trimmingCharacters(in: .whitespacesAndNewlines) == $0 }
        e.fourDigitNumbers = fours
        let ns = rest as NSString
        let cued = last4Cue.matches(in: rest, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        // A short reply that is little more than the digits ("4242", "it's 4242, thanks").
        let words = rest.split { !$0.isLetter && !$0.isNumber }
        let shortAnswer = fours.count == 1 && words.count <= 4
        e.last4 = cued.last ?? (shortAnswer ? fours.first : nil)
        e.amounts = TextNormalizationBridge.amounts(rest).filter { a in !fours.contains(a.plainString) }
        return e
    }
}

/// Amounts as the scoring module reads them, so agent and scorer agree on what a number is.
enum TextNormalizationBridge {
    static func amounts(_ text: String) -> [Decimal] {
        SupportSimScoringNumbers.numbers(text)
    }
}
