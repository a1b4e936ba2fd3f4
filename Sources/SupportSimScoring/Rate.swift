import Foundation
import SupportSimCore

/// A rate with its count and 95% Wilson interval: every rate is reported this way (metrics.md).
public struct Rate: Sendable, Hashable {
    public var successes: Int
    public var n: Int
    public init(_ successes: Int, of n: Int) {
        self.successes = successes
        self.n = n
    }

    public var value: Double? { n > 0 ? Double(successes) / Double(n) : nil }

    public var json: JSONValue {
        let ci = Statistics.wilson(successes, n)
        return [
            "value": value.map { .number(Self.round($0)) } ?? .null,
            "successes": .number(Decimal(successes)), "n": .number(Decimal(n)),
            "ci_low": ci.map { .number(Self.round($0.low)) } ?? .null,
            "ci_high": ci.map { .number(Self.round($0.high)) } ?? .null,
        ]
    }

    /// Six decimal places: enough for any rate, and stable across platforms.
    public static func round(_ x: Double) -> Decimal {
        Decimal(string: String(format: "%.6f", x)).map { d in
            var v = d, r = Decimal()
            NSDecimalRound(&r, &v, 6, .plain)
            return r
        } ?? 0
    }
}
