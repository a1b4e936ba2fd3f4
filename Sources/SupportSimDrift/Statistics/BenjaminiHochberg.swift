import Foundation

/// Benjamini–Hochberg adjustment, the step-up false-discovery-rate procedure: the adjusted
/// p-value of the i-th smallest of m is min over j ≥ i of m·p(j)/j, capped at 1 (the values
/// statsmodels' `fdr_bh` returns). A finding is significant when its adjusted p < alpha.
public enum BenjaminiHochberg {
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        // Stable order, so that equal p-values get equal adjustments whatever their position.
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, pValues[i] * Double(m) / Double(rank))
            adjusted[i] = min(1, running)
        }
        return adjusted
    }
}
