import Foundation
import SupportSimScoring
import Testing

struct StatisticsTests {
    /// Hand-computed 95% Wilson intervals (z = 1.959964).
    static let wilsonCases: [(Int, Int, Double, Double)] = [
        (19, 20, 0.763869, 0.991119),
        (950, 1000, 0.934686, 0.961870),
        (0, 10, 0.0, 0.277533),
        (10, 10, 0.722467, 1.0),
        (1, 2, 0.094531, 0.905469),
    ]

    @Test(arguments: wilsonCases)
    func wilsonInterval(_ k: Int, _ n: Int, _ low: Double, _ high: Double) throws {
        let ci = try #require(Statistics.wilson(k, n))
        #expect(abs(ci.low - low) < 1e-5)
        #expect(abs(ci.high - high) < 1e-5)
    }

    @Test func noIntervalWithoutData() {
        #expect(Statistics.wilson(0, 0) == nil)
    }

    /// Nearest rank over 10, 20, …, 100: the value at rank ⌈q·n⌉.
    @Test(arguments: [(0.5, 50), (0.25, 30), (0.9, 90), (0.95, 100), (1.0, 100), (0.01, 10), (0.11, 20)])
    func nearestRankPercentile(_ q: Double, _ expected: Int) {
        let values = Array(stride(from: 10, through: 100, by: 10))
        #expect(Statistics.percentile(values, q) == expected)
    }
}
