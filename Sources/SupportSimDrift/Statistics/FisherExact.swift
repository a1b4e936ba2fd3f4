import Foundation

/// Fisher's exact test on a 2×2 table, two-sided: the sum of the probabilities of every table
/// with the same margins that is no more likely than the observed one (the definition R and
/// scipy use). Hypergeometric probabilities are computed from log-factorials, so margins in the
/// thousands neither overflow nor lose precision.
public enum FisherExact {
    /// Tables within this relative distance of the observed probability count as "as likely":
    /// without it, rounding in the logs could drop a table that ties with the observed one.
    static let relativeTolerance = 1e-7

    /// - Parameters: the table `[[a, b], [c, d]]`.
    /// - Returns: the two-sided p-value; 1 when a row or column is empty (nothing to test).
    public static func twoSided(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "counts cannot be negative")
        let row1 = a + b, row2 = c + d, col1 = a + c, n = a + b + c + d
        guard row1 > 0, row2 > 0, col1 > 0, col1 < n else { return 1 }
        let low = max(0, col1 - row2), high = min(row1, col1)
        let base = logChoose(n, col1)
        func logP(_ x: Int) -> Double { logChoose(row1, x) + logChoose(row2, col1 - x) - base }
        let observed = logP(a)
        let cutoff = observed + log1p(relativeTolerance)
        var p = 0.0
        for x in low...high {
            let lp = logP(x)
            if lp <= cutoff { p += exp(lp) }
        }
        return min(1, p)
    }

    /// Two-proportion z-test with the pooled variance: the large-sample stand-in for Fisher's
    /// test (metrics.md: used when both samples exceed 1000).
    public static func zTest(_ s1: Int, _ n1: Int, _ s2: Int, _ n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 1 }
        let pooled = Double(s1 + s2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        guard se > 0 else { return 1 }
        let z = (Double(s2) / Double(n2) - Double(s1) / Double(n1)) / se
        return NormalDistribution.twoSided(z)
    }

    /// The test metrics.md asks for: Fisher's exact test, or the z-test when both n > 1000.
    public static func compareRates(_ s1: Int, _ n1: Int, _ s2: Int, _ n2: Int) -> (p: Double, test: String) {
        if n1 > 1000 && n2 > 1000 { return (zTest(s1, n1, s2, n2), "z-test") }
        return (twoSided(s1, n1 - s1, s2, n2 - s2), "fisher")
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        logFactorial(n) - logFactorial(k) - logFactorial(n - k)
    }

    static func logFactorial(_ n: Int) -> Double { lgamma(Double(n) + 1) }
}
