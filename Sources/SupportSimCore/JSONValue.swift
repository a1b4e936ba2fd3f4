import Foundation

/// A JSON value whose numbers are `Decimal`, so money read from a suite or returned by a backend
/// never passes through binary floating point (`49.90` stays 49.90).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var decimalValue: Decimal? {
        switch self {
        case .number(let d): return d
        case .string(let s): return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    public var intValue: Int? {
        guard let d = decimalValue else { return nil }
        return NSDecimalNumber(decimal: d).intValue
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The value as a customer or a report would read it: strings bare, numbers in plain notation.
    public var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.plainString
        case .string(let s): return s
        case .array, .object: return jsonText()
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Decimal(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension Decimal {
    /// Plain decimal notation without exponent or grouping, e.g. `49.9`, `1200`, `-0.5`.
    public var plainString: String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 10, .plain)
        return NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    /// Two fraction digits, the way money is written: `49.90`.
    public var moneyString: String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let plain = rounded.plainString
        guard let dot = plain.firstIndex(of: ".") else { return plain + ".00" }
        let fraction = plain[plain.index(after: dot)...]
        return fraction.count >= 2 ? plain : plain + String(repeating: "0", count: 2 - fraction.count)
    }

    public init?(exactly text: String) {
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self = d
    }
}
