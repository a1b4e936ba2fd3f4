import Foundation

/// The population stability index of two categorical distributions: Σ (c − b) · ln(c / b) over
/// the categories' shares. 0.1 marks a moderate shift, 0.25 a major one (metrics.md).
public enum PopulationStability {
    public static let moderate = 0.1
    public static let major = 0.25
    /// A share of zero would make the index infinite; a category absent on one side counts as
    /// this share instead, the usual convention, so that one new category reads as a big but
    /// finite shift.
    public static let floor = 0.0001

    public static func index(baseline: [String: Int], current: [String: Int]) -> Double {
        let tb = Double(baseline.values.reduce(0, +)), tc = Double(current.values.reduce(0, +))
        guard tb > 0, tc > 0 else { return 0 }
        var psi = 0.0
        for key in Set(baseline.keys).union(current.keys).sorted() {
            let b = max(Double(baseline[key] ?? 0) / tb, floor)
            let c = max(Double(current[key] ?? 0) / tc, floor)
            psi += (c - b) * log(c / b)
        }
        return psi
    }

    public static func label(_ psi: Double) -> String {
        psi >= major ? "major" : psi >= moderate ? "moderate" : "stable"
    }
}
