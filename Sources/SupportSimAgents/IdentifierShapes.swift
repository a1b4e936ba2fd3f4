import Foundation
import SupportSimCore

/// How a suite's record identifiers look, learned from its world: `BWO-6102` teaches
/// `BWO-\d+`, `INV-2026-0042` teaches `INV-\d+-\d+`. A company whose orders are `BWO-…` is then
/// understood without any code that knows its formats; a collection with no records keeps the
/// reference formats (`ORD-5001`, `INV-3001`, `CH-4001`, `T-1`).
public struct IdentifierShapes: @unchecked Sendable {
    // NSRegularExpression is immutable and thread-safe once made.
    let order: NSRegularExpression
    let invoice: NSRegularExpression
    let charge: NSRegularExpression
    let ticket: NSRegularExpression

    public static let standard = IdentifierShapes(world: World(collections: [:], knowledgeBase: KnowledgeBase(articles: [])))

    public init(world: World) {
        order = Self.regex(for: world, "orders", default: #"ORD-\d+(?:-\d+)*"#)
        invoice = Self.regex(for: world, "invoices", default: #"INV-\d+(?:-\d+)*"#)
        charge = Self.regex(for: world, "charges", default: #"CH-\d+(?:-\d+)*"#)
        ticket = Self.regex(for: world, "tickets", default: #"T-\d+"#)
    }

    /// Every distinct shape of the collection's ids, the longest first so that `INV-2026-0042`
    /// is never read as `INV-2026`.
    static func regex(for world: World, _ collection: String, default fallback: String) -> NSRegularExpression {
        let ids = world.collections[collection]?.records.compactMap { $0[World.keyField(of: collection)]?.stringValue } ?? []
        var shapes = Set(ids.compactMap(shape))
        if shapes.isEmpty { shapes = [fallback] }
        let alternatives = shapes.sorted { ($0.count, $0) > ($1.count, $1) }.joined(separator: "|")
        return try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9])(?:"# + alternatives + #")(?![A-Za-z0-9]|-\d)"#,
                                        options: .caseInsensitive)
    }

    /// Letters kept, digit runs generalised, other characters escaped; nil for an id with no
    /// digit (a word such as `gold` is no identifier to look for in text).
    static func shape(of id: String) -> String? {
        guard id.contains(where: \.isNumber), id.count <= 40 else { return nil }
        var out = ""
        var inDigits = false
        for ch in id {
            if ch.isNumber {
                if !inDigits { out += #"\d+"# }
                inDigits = true
                continue
            }
            inDigits = false
            if ch.isLetter, ch.isASCII { out.append(ch) } else { out += NSRegularExpression.escapedPattern(for: String(ch)) }
        }
        return out
    }
}
