import Foundation
import SupportSimDrift
import Testing

/// Benjamini–Hochberg, PSI and the Newcombe interval against values worked out by hand (the BH
/// values are what statsmodels' `multipletests(method="fdr_bh")` returns).
struct AdjustmentTests {
    @Test(arguments: [
        ([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02]),
        ([0.5], [0.5]),
        ([0.001, 0.002, 0.003, 0.004, 0.005], [0.005, 0.005, 0.005, 0.005, 0.005]),
        ([0.9, 0.8, 0.05, 0.04, 0.03, 0.02, 0.01], [0.9, 0.9, 0.07, 0.07, 0.07, 0.07, 0.07]),
        ([0.2, 0.2, 0.2], [0.2, 0.2, 0.2]),
        ([0.0, 1.0, 0.5], [0.0, 1.0, 0.75]),
        ([0.049, 0.051], [0.051, 0.051]),
        ([], []),
    ])
    func benjaminiHochberg(_ p: [Double], _ expected: [Double]) {
        let adjusted = BenjaminiHochberg.adjust(p)
        #expect(adjusted.count == expected.count)
        for (a, e) in zip(adjusted, expected) { #expect(close(a, e, relative: 1e-12), "\(adjusted) vs \(expected)") }
    }

    @Test(arguments: [
        (["a": 50, "b": 50], ["a": 75, "b": 25], 0.2746530721670274),
        // A category on one side only counts as a share of 0.0001, not zero.
        (["x": 30, "y": 70], ["x": 30, "y": 60, "z": 10], 0.7054998203530414),
        (["a": 1], ["a": 5], 0.0),
    ])
    func populationStabilityIndex(_ base: [String: Int], _ current: [String: Int], _ expected: Double) {
        #expect(close(PopulationStability.index(baseline: base, current: current), expected, relative: 1e-12))
    }

    @Test func psiLevels() {
        #expect(PopulationStability.label(0.05) == "stable")
        #expect(PopulationStability.label(0.1) == "moderate")
        #expect(PopulationStability.label(0.3) == "major")
    }

    /// Newcombe (1998), Statistics in Medicine 17:873, table II, method 10: 56/70 − 48/80.
    @Test func newcombeIntervalOfTheWorkedExample() throws {
        let d = try #require(ProportionDifference(baseline: 48, of: 80, current: 56, of: 70))
        #expect(close(d.difference, 0.2, relative: 1e-12))
        #expect(abs(d.low - 0.0524) < 0.00005)
        #expect(abs(d.high - 0.3339) < 0.00005)
        #expect(ProportionDifference(baseline: 1, of: 0, current: 1, of: 2) == nil)
    }
}
