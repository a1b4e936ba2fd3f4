import Foundation

/// The standard normal distribution, through `erfc` so that both tails keep their precision
/// (1 − cdf would round small upper tails to zero).
public enum NormalDistribution {
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(Z > z).
    public static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Two-sided p-value of a z statistic, never above 1.
    public static func twoSided(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? 1 : 0 }
        return min(1, 2 * survival(abs(z)))
    }
}
