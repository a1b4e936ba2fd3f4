import Foundation
import SupportSimScoring

/// The difference of two proportions with Newcombe's hybrid score interval (his method 10): it
/// combines the two Wilson intervals, so it stays inside [−1, 1] and behaves at 0/n and n/n,
/// where the Wald interval collapses to a point.
public struct ProportionDifference: Sendable, Hashable {
    public var difference: Double
    public var low: Double
    public var high: Double

    /// `current − baseline`, for `s1/n1` (baseline) and `s2/n2` (current); nil when a side is empty.
    public init?(baseline s1: Int, of n1: Int, current s2: Int, of n2: Int) {
        guard let w1 = Statistics.wilson(s1, n1), let w2 = Statistics.wilson(s2, n2) else { return nil }
        let p1 = Double(s1) / Double(n1), p2 = Double(s2) / Double(n2)
        difference = p2 - p1
        low = difference - ((p2 - w2.low) * (p2 - w2.low) + (w1.high - p1) * (w1.high - p1)).squareRoot()
        high = difference + ((w2.high - p2) * (w2.high - p2) + (p1 - w1.low) * (p1 - w1.low)).squareRoot()
    }
}
