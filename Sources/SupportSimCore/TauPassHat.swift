import Foundation

/// pass^k as tau-bench reports it: for each task, C(c, k) / C(n, k) with c its successful trials
/// and n the number of distinct trials in the run, averaged over tasks.
public enum TauPassHat {
    public static func values(_ results: [(taskID: Int, trial: Int, reward: Double)]) -> [Int: Double] {
        let trials = Set(results.map(\.trial)).count
        guard trials > 0 else { return [:] }
        // Tasks in order of first appearance, as tau-bench's dict iterates them: float sums
        // depend on their order, and the figures must equal tau-bench's to the last digit.
        var order: [Int] = []
        var successes: [Int: Int] = [:]
        for r in results {
            if successes[r.taskID] == nil { order.append(r.taskID) }
            successes[r.taskID, default: 0] += abs(r.reward - 1) <= 1e-6 ? 1 : 0
        }
        var out: [Int: Double] = [:]
        for k in 1...trials {
            var total = 0.0
            for task in order { total += Double(binomial(successes[task]!, k)) / Double(binomial(trials, k)) }
            out[k] = total / Double(order.count)
        }
        return out
    }

    /// Exact C(n, k), as Python's `math.comb`.
    static func binomial(_ n: Int, _ k: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        var result = 1
        for i in 0..<min(k, n - k) { result = result * (n - i) / (i + 1) }
        return result
    }
}
