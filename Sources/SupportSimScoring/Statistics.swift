import Foundation

/// Rates with intervals, and percentiles.
public enum Statistics {
    /// The 95% Wilson score interval of `successes` out of `n` (nil bounds when n is 0).
    public static func wilson(_ successes: Int, _ n: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let p = Double(successes) / Double(n)
        let nn = Double(n)
        let denominator = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denominator
        let margin = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denominator
        return (max(0, centre - margin), min(1, centre + margin))
    }

    /// Nearest-rank percentile (the smallest value with at least q of the values at or below it).
    public static func percentile(_ sorted: [Int], _ q: Double) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
