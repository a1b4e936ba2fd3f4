import Foundation

/// The chi-square test of independence on a contingency table, as scipy's `chi2_contingency`
/// computes it (with Yates' continuity correction when there is one degree of freedom), with the
/// p-value from the regularised upper incomplete gamma function.
public enum ChiSquare {
    public struct Result: Sendable, Hashable {
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var p: Double
    }

    /// P(X > x) for X ~ χ²(k).
    public static func survival(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard k > 0 else { return 1 }
        return RegularizedGamma.q(Double(k) / 2, x / 2)
    }

    /// Rows and columns that are all zero are dropped first: an intent that neither run reported
    /// carries no information, and its expected counts would be zero.
    public static func independence(_ table: [[Int]]) -> Result {
        let columns = table.map(\.count).max() ?? 0
        var rows = table.map { $0 + [Int](repeating: 0, count: columns - $0.count) }
        rows = rows.filter { $0.contains { $0 > 0 } }
        let keep = (0..<columns).filter { c in rows.contains { $0[c] > 0 } }
        rows = rows.map { r in keep.map { r[$0] } }
        let r = rows.count, c = keep.count
        guard r >= 2, c >= 2 else { return Result(statistic: 0, degreesOfFreedom: 0, p: 1) }
        let rowSums = rows.map { Double($0.reduce(0, +)) }
        let colSums = (0..<c).map { j in Double(rows.map { $0[j] }.reduce(0, +)) }
        let total = rowSums.reduce(0, +)
        let dof = (r - 1) * (c - 1)
        var statistic = 0.0
        for i in 0..<r {
            for j in 0..<c {
                let expected = rowSums[i] * colSums[j] / total
                var diff = Double(rows[i][j]) - expected
                if dof == 1 {
                    // Yates: move each observed count up to ½ towards its expected count.
                    let magnitude = min(0.5, abs(diff))
                    diff -= diff > 0 ? magnitude : -magnitude
                }
                statistic += diff * diff / expected
            }
        }
        return Result(statistic: statistic, degreesOfFreedom: dof, p: survival(statistic, degreesOfFreedom: dof))
    }

    /// A 2×k table from two count dictionaries, with categories in sorted order.
    public static func independence(baseline: [String: Int], current: [String: Int]) -> Result {
        let keys = Set(baseline.keys).union(current.keys).sorted()
        return independence([keys.map { baseline[$0] ?? 0 }, keys.map { current[$0] ?? 0 }])
    }
}
