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

/// Distribution summary of per-conversation durations.
public struct Distribution: Sendable, Hashable {
    public var values: [Int]
    public init(_ values: [Int]) { self.values = values.sorted() }

    public var json: JSONValue {
        guard !values.isEmpty else { return ["n": 0, "p50": .null, "p90": .null, "p95": .null, "max": .null, "mean": .null] }
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        func p(_ q: Double) -> JSONValue { .number(Decimal(Statistics.percentile(values, q)!)) }
        return ["n": .number(Decimal(values.count)), "p50": p(0.5), "p90": p(0.9), "p95": p(0.95),
                "max": .number(Decimal(values.last!)), "mean": .number(Rate.round(mean))]
    }
}
