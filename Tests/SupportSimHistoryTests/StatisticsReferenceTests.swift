import Foundation
import SupportSimDrift
import Testing

/// Reference values computed with scipy 1.17.1 (`scipy.stats.fisher_exact`, `mannwhitneyu`,
/// `chi2_contingency`, `chi2.sf`, `norm.cdf`) and pasted here as numbers, so the tests need no Python.
func close(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-15) -> Bool {
    abs(a - b) <= max(absolute, relative * abs(b))
}

struct FisherCase: Sendable, CustomTestStringConvertible {
    var a: Int, b: Int, c: Int, d: Int, p: Double
    var testDescription: String { "[[\(a), \(b)], [\(c), \(d)]]" }
}

struct MWUCase: Sendable, CustomTestStringConvertible {
    var x: [Double], y: [Double], u: Double, asymptotic: Double, exact: Double?
    var testDescription: String { "\(x.count)×\(y.count), U=\(u)" }
}

struct ChiCase: Sendable, CustomTestStringConvertible {
    var table: [[Int]], chi2: Double, dof: Int, p: Double
    var testDescription: String { "\(table)" }
}

struct StatisticsReferenceTests {
    static let fisher: [FisherCase] = [
        .init(a: 8, b: 2, c: 1, d: 5, p: 0.034965034965034975),
        .init(a: 0, b: 10, c: 10, d: 0, p: 1.082508822446903e-05),
        .init(a: 0, b: 0, c: 5, d: 5, p: 1.0),
        .init(a: 1, b: 0, c: 0, d: 1, p: 1.0),
        .init(a: 20, b: 0, c: 15, d: 5, p: 0.047124047124047136),
        .init(a: 3, b: 3, c: 3, d: 3, p: 1.0),
        .init(a: 100, b: 2, c: 90, d: 12, p: 0.01014743087115805),
        .init(a: 0, b: 5, c: 0, d: 7, p: 1.0),
        .init(a: 19, b: 1, c: 12, d: 8, p: 0.019656019656019656),
        .init(a: 50, b: 50, c: 30, d: 70, p: 0.005937341166015536),
        .init(a: 1, b: 9, c: 11, d: 3, p: 0.0027594561852200836),
        .init(a: 40, b: 0, c: 0, d: 40, p: 1.8603403656036264e-23),
        .init(a: 7, b: 12, c: 0, d: 0, p: 1.0),
        .init(a: 2, b: 7, c: 8, d: 2, p: 0.02301413756522116),
        .init(a: 30, b: 0, c: 29, d: 1, p: 1.0),
    ]

    @Test(arguments: fisher)
    func fisherExactMatchesScipy(_ t: FisherCase) {
        let p = FisherExact.twoSided(t.a, t.b, t.c, t.d)
        #expect(close(p, t.p), "p = \(p), scipy \(t.p)")
    }

    static let mannWhitney: [MWUCase] = [
        .init(x: [1, 2, 3, 4, 5], y: [6, 7, 8, 9, 10], u: 0, asymptotic: 0.012185780355344813, exact: 0.007936507936507936),
        .init(x: [3, 1, 4, 1, 5, 9, 2, 6], y: [5, 3, 5, 8, 9, 7, 9, 3, 2], u: 22.5, asymptotic: 0.20702196820234253, exact: nil),
        .init(x: [0, 0, 0, 1], y: [0, 1, 1, 1, 2], u: 4, asymptotic: 0.1399962843155412, exact: nil),
        .init(x: [10, 20, 30], y: [15, 25, 35, 45], u: 3, asymptotic: 0.376759117811582, exact: 0.4),
        .init(x: [1, 2], y: [3, 4, 5], u: 0, asymptotic: 0.14891467317876572, exact: 0.2),
        .init(x: [5, 5, 5, 5], y: [5, 5, 5, 6], u: 6, asymptotic: 0.4532547047537364, exact: nil),
        .init(x: [0, 120, 300, 300, 450, 600, 600, 900], y: [0, 0, 150, 300, 300, 300, 480, 720, 960, 1200], u: 40,
              asymptotic: 1.0, exact: nil),
        .init(x: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5], y: [2, 3, 4, 5, 6, 7], u: 15, asymptotic: 0.6889205558044607,
              exact: 0.6991341991341992),
        .init(x: [7, 1, 9, 3, 12, 4, 8, 6, 2, 11], y: [13, 15, 10, 14, 5, 16, 18, 17, 20, 19], u: 8,
              asymptotic: 0.0017062493689195964, exact: 0.0007252809110394249),
        .init(x: (0..<20).map { Double($0 * 3) }, y: (0..<20).map { Double(1 + $0 * 4) }, u: 147.5,
              asymptotic: 0.15944677505077054, exact: nil),
        .init(x: [0, 0, 0, 0, 0, 0, 1000], y: [0, 0, 0, 0, 0, 0, 0, 0], u: 32, asymptotic: 0.34957480612329817, exact: nil),
        .init(x: (1...12).map { Double($0 * 100) }, y: (0..<13).map { Double(150 + $0 * 100) }, u: 66,
              asymptotic: 0.5316314420218472, exact: 0.5382454858373555),
    ]

    @Test(arguments: mannWhitney)
    func mannWhitneyAsymptoticMatchesScipy(_ t: MWUCase) throws {
        let r = try #require(MannWhitneyU.test(t.x, t.y, method: .asymptotic))
        #expect(r.u == t.u)
        #expect(close(r.p, t.asymptotic), "p = \(r.p), scipy \(t.asymptotic)")
    }

    @Test(arguments: mannWhitney.filter { $0.exact != nil })
    func mannWhitneyExactMatchesScipy(_ t: MWUCase) throws {
        let r = try #require(MannWhitneyU.test(t.x, t.y, method: .exact))
        #expect(close(r.p, t.exact!), "p = \(r.p), scipy \(t.exact!)")
        // Without ties and with small samples, the automatic choice is the exact distribution.
        #expect(MannWhitneyU.test(t.x, t.y)?.method == .exact)
    }

    @Test func mannWhitneyOfIdenticalConstantSamplesIsOne() {
        #expect(MannWhitneyU.test([3, 3, 3], [3, 3]).map(\.p) == 1)
        #expect(MannWhitneyU.test([Double](), [1]) == nil)
    }

    static let chiSquare: [ChiCase] = [
        .init(table: [[10, 20, 30], [15, 15, 30]], chi2: 1.7142857142857144, dof: 2, p: 0.42437284567695),
        .init(table: [[5, 0, 3], [2, 4, 1]], chi2: 6.246811224489796, dof: 2, p: 0.04400704200749617),
        .init(table: [[12, 8], [5, 15]], chi2: 3.6828644501278776, dof: 1, p: 0.05497432872169419),
        .init(table: [[1, 0], [0, 1]], chi2: 0.0, dof: 1, p: 1.0),
        .init(table: [[100, 50, 25, 10], [90, 60, 30, 5]], chi2: 3.5566188197767143, dof: 3, p: 0.31349275250953684),
        .init(table: [[3, 7, 0, 10], [0, 8, 2, 12]], chi2: 5.16495867768595, dof: 3, p: 0.16010897307044394),
        .init(table: [[20, 20], [20, 20]], chi2: 0.0, dof: 1, p: 1.0),
        .init(table: [[1, 2, 3], [4, 5, 6], [7, 8, 10]], chi2: 0.3736491228070177, dof: 4, p: 0.9845769162857121),
        .init(table: [[0, 5, 9], [6, 0, 4]], chi2: 12.606593406593408, dof: 2, p: 0.0018302609927722444),
        .init(table: [[40, 1], [30, 11]], chi2: 7.9071428571428575, dof: 1, p: 0.004923997809313896),
        .init(table: [[7, 3, 2, 1, 0, 9], [1, 2, 6, 5, 4, 0]], chi2: 22.188552188552187, dof: 5, p: 0.00048209841160888346),
        .init(table: [[500, 300, 200], [520, 280, 210]], chi2: 1.2759948136504624, dof: 2, p: 0.5283494342800367),
    ]

    @Test(arguments: chiSquare)
    func chiSquareIndependenceMatchesScipy(_ t: ChiCase) {
        let r = ChiSquare.independence(t.table)
        #expect(r.degreesOfFreedom == t.dof)
        #expect(close(r.statistic, t.chi2, absolute: 1e-12), "χ² = \(r.statistic), scipy \(t.chi2)")
        #expect(close(r.p, t.p), "p = \(r.p), scipy \(t.p)")
    }

    @Test func chiSquareDropsCategoriesNeitherSideHas() {
        let r = ChiSquare.independence([[10, 0, 20, 30], [15, 0, 15, 30]])
        #expect(r.degreesOfFreedom == 2)
        #expect(close(r.p, 0.42437284567695))
        #expect(ChiSquare.independence([[3, 4]]).p == 1)
    }

    @Test(arguments: [
        (0.5, 1, 0.47950012218695337), (3.84, 1, 0.05004352124870519), (10, 3, 0.01856613546304325), (0.0, 2, 1.0),
        (25, 10, 0.005345505487134069), (1e-3, 4, 0.9999998750416589), (80, 40, 0.0001763028977385677),
        (2.5, 7, 0.9270970650134738), (150, 100, 0.0009039320423540184), (6.63, 1, 0.010027526446317957),
    ])
    func chiSquareSurvivalMatchesScipy(_ x: Double, _ k: Int, _ expected: Double) {
        #expect(close(ChiSquare.survival(x, degreesOfFreedom: k), expected, relative: 1e-10))
    }

    @Test(arguments: [
        (-8.0, 6.22096057427174e-16), (-3.5, 0.00023262907903552502), (-1.96, 0.024997895148220435),
        (-0.5, 0.3085375387259869), (0, 0.5), (0.3, 0.6179114221889526), (1.0, 0.8413447460685429),
        (1.6448536269514722, 0.95), (2.5, 0.9937903346742238), (6, 0.9999999990134123),
    ])
    func normalCDFMatchesScipy(_ z: Double, _ expected: Double) {
        #expect(close(NormalDistribution.cdf(z), expected, relative: 1e-12))
    }

    /// Pooled two-proportion z-test, two-sided (scipy `norm.sf` on the pooled z).
    @Test(arguments: [
        (1900, 2000, 1850, 2000, 0.0010908351761253425), (1200, 1500, 1230, 1600, 0.03464390534482926),
        (5000, 5001, 4990, 5002, 0.002269627826045329),
    ])
    func zTestForLargeSamples(_ s1: Int, _ n1: Int, _ s2: Int, _ n2: Int, _ expected: Double) {
        let (p, test) = FisherExact.compareRates(s1, n1, s2, n2)
        #expect(test == "z-test")
        #expect(close(p, expected, relative: 1e-10))
    }

    @Test func fisherIsUsedUpToAThousand() {
        #expect(FisherExact.compareRates(950, 1000, 900, 1001).test == "fisher")
    }
}
