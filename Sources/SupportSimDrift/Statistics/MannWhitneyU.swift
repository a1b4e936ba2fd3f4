import Foundation

/// The Mann-Whitney U test, two-sided, as scipy's `mannwhitneyu` computes it: U of the first
/// sample from mid-ranks; the p-value from the exact null distribution, or from the normal
/// approximation with the tie correction of the variance and a continuity correction of 0.5.
public enum MannWhitneyU {
    public enum Method: String, Sendable {
        case exact, asymptotic
        /// Exact when there are no ties and the samples are small enough for the exact
        /// distribution to be cheap; the normal approximation otherwise (ties make the exact
        /// distribution above wrong, and large samples make the approximation good).
        case automatic
    }

    public struct Result: Sendable, Hashable {
        /// U of the first sample: the number of pairs (x, y) with x > y, ties counting ½.
        public var u: Double
        public var p: Double
        public var method: Method
        /// U / (n1·n2): the probability that a value of the first sample exceeds one of the
        /// second (ties counting ½), 0.5 when they are alike. The effect size reported.
        public var superiority: Double
    }

    static let exactLimit = 50

    public static func test(_ x: [Double], _ y: [Double], method: Method = .automatic) -> Result? {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return nil }
        let (ranks, tieSizes) = midRanks(x + y)
        let r1 = ranks[0..<n1].reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let u2 = Double(n1 * n2) - u1
        let big = max(u1, u2)
        let hasTies = tieSizes.contains { $0 > 1 }
        var used = method
        if method == .automatic { used = !hasTies && n1 + n2 <= exactLimit ? .exact : .asymptotic }
        let p: Double
        if used == .exact {
            p = min(1, 2 * exactUpperTail(Int(big.rounded()), m: min(n1, n2), n: max(n1, n2)))
        } else {
            p = asymptotic(big, n1: n1, n2: n2, tieSizes: tieSizes)
        }
        return Result(u: u1, p: p, method: used, superiority: u1 / Double(n1 * n2))
    }

    public static func test(_ x: [Int], _ y: [Int], method: Method = .automatic) -> Result? {
        test(x.map(Double.init), y.map(Double.init), method: method)
    }

    /// Ranks 1…n with ties given the mean of the ranks they span, and the size of each tie group.
    static func midRanks(_ values: [Double]) -> ([Double], [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            groups.append(j - i + 1)
            i = j + 1
        }
        return (ranks, groups)
    }

    static func asymptotic(_ u: Double, n1: Int, n2: Int, tieSizes: [Int]) -> Double {
        let n = Double(n1 + n2), nn = Double(n1) * Double(n2)
        let tieTerm = tieSizes.reduce(0.0) { $0 + pow(Double($1), 3) - Double($1) }
        let variance = nn / 12 * ((n + 1) - (n > 1 ? tieTerm / (n * (n - 1)) : 0))
        // Every value tied: nothing distinguishes the samples.
        guard variance > 0 else { return 1 }
        let z = (u - nn / 2 - 0.5) / variance.squareRoot()
        return min(1, 2 * NormalDistribution.survival(z))
    }

    /// P(U ≥ k) under the null for samples of sizes m ≤ n without ties, from the counts of
    /// arrangements with each U: f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u), built up over n.
    /// Counts stay exact in doubles while C(m+n, m) < 2^53, which `exactLimit` guarantees.
    static func exactUpperTail(_ k: Int, m: Int, n: Int) -> Double {
        // prev[i] is the distribution for sizes (i, j − 1); with j = 0 only U = 0 is possible.
        var prev: [[Double]] = Array(repeating: [1], count: m + 1)
        for j in stride(from: 1, through: n, by: 1) {
            var cur: [[Double]] = [[1]]
            for i in stride(from: 1, through: m, by: 1) {
                var row = [Double](repeating: 0, count: i * j + 1)
                // The largest value is an x (beats all j y's) or a y (beats nothing).
                for (u, v) in cur[i - 1].enumerated() { row[u + j] += v }
                for (u, v) in prev[i].enumerated() { row[u] += v }
                cur.append(row)
            }
            prev = cur
        }
        let counts = prev
        let dist = counts[m]
        let total = dist.reduce(0, +)
        let tail = dist.indices.filter { $0 >= k }.reduce(0.0) { $0 + dist[$1] }
        return tail / total
    }
}
