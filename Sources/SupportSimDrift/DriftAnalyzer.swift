import Foundation
import SupportSimCore
import SupportSimScoring

/// Compares a current run with a baseline (metrics.md, "Run history and drift"): every rate by
/// Fisher's exact test, latencies by Mann-Whitney U, the reported-intent mix by chi-square and
/// PSI; then Benjamini–Hochberg over all of them before anything is called significant.
public struct DriftAnalyzer: Sendable {
    public let settings: DriftSettings
    public init(settings: DriftSettings) { self.settings = settings }

    /// The run-level rates of the metric catalogue that drift compares, with the way that is better.
    static let rates: [(MetricDescriptor, Betterness)] = MetricCatalogue.with(.drift).map { ($0, Betterness($0.better)) }
    /// The rates of each intent's and channel's breakdown.
    static let breakdownRates: [(String, @Sendable (RunMetrics.Breakdown) -> Rate, Betterness)] = MetricCatalogue.with(.breakdown).compactMap { d in
        RunMetrics.Breakdown.rates.first { $0.name == d.name }.map { (d.name, $0.rate, Betterness(d.better)) }
    }

    public func compare(baseline: RunSnapshot, current: RunSnapshot, goldens: [String: GoldenTranscript] = [:]) -> DriftReport {
        var findings: [DriftFinding] = []
        for (metric, better) in Self.rates {
            if let f = rateFinding(metric.name, better: better, baseline.metrics.rate(of: metric), current.metrics.rate(of: metric)) {
                findings.append(f)
            }
        }
        for (group, groups) in [("by_intent", \RunMetrics.byIntent), ("by_channel", \RunMetrics.byChannel)] {
            let base = baseline.metrics[keyPath: groups], cur = current.metrics[keyPath: groups]
            let keys = Set(base.keys).intersection(cur.keys).sorted()
            // One group is the whole run again: its tests would only duplicate the run-level ones.
            guard keys.count > 1 else { continue }
            for key in keys {
                for (name, rate, better) in Self.breakdownRates {
                    if let f = rateFinding("\(group).\(key).\(name)", better: better, base[key].map(rate), cur[key].map(rate)) {
                        findings.append(f)
                    }
                }
            }
        }
        for name in ["frt_ms", "resolution_ms"] {
            let pick: (ScenarioSnapshot) -> Int? = name == "frt_ms" ? { $0.frtMs } : { $0.resolutionMs }
            if let f = latencyFinding(name, baseline.scenarios.compactMap(pick), current.scenarios.compactMap(pick)) {
                findings.append(f)
            }
        }
        let mix = IntentMix(baseline: baseline.reportedIntentCounts, current: current.reportedIntentCounts,
                            chiSquare: ChiSquare.independence(baseline: baseline.reportedIntentCounts,
                                                              current: current.reportedIntentCounts),
                            psi: PopulationStability.index(baseline: baseline.reportedIntentCounts,
                                                           current: current.reportedIntentCounts))
        if mix.chiSquare.degreesOfFreedom > 0 { findings.append(intentMixFinding(mix)) }
        applyBenjaminiHochberg(&findings)

        let (transcripts, reference) = transcriptChanges(current, baseline: baseline, goldens: goldens)
        var report = DriftReport(baselineLabel: baseline.label, currentLabel: current.label, settings: settings, findings: findings,
                                 scenarios: Self.scenarioChanges(baseline: baseline, current: current), transcripts: transcripts,
                                 transcriptReference: reference, intentMix: mix, trend: nil, coverage: nil)
        report.baselineMetrics = baseline.metrics
        return report
    }

    // MARK: - Findings

    func rateFinding(_ name: String, better: Betterness, _ base: Rate?, _ cur: Rate?) -> DriftFinding? {
        guard let base, let cur, base.n > 0, cur.n > 0 else { return nil }
        let (s1, n1, s2, n2) = (base.successes, base.n, cur.successes, cur.n)
        guard let diff = ProportionDifference(baseline: s1, of: n1, current: s2, of: n2) else { return nil }
        let (p, test) = FisherExact.compareRates(s1, n1, s2, n2)
        func side(_ s: Int, _ n: Int) -> JSONValue {
            ["successes": .number(Decimal(s)), "n": .number(Decimal(n)), "value": .number(Rate.round(Double(s) / Double(n)))]
        }
        return DriftFinding(
            metric: name, kind: .rate, test: test, better: better, baseline: side(s1, n1), current: side(s2, n2),
            effectName: "difference", effect: diff.difference, effectLow: diff.low, effectHigh: diff.high,
            movement: diff.difference > 0 ? 1 : diff.difference < 0 ? -1 : 0, p: p, adjustedP: p,
            figures: "\(Self.percent(s1, n1)) → \(Self.percent(s2, n2))")
    }

    func latencyFinding(_ name: String, _ base: [Int], _ cur: [Int]) -> DriftFinding? {
        guard let mw = MannWhitneyU.test(cur, base) else { return nil }
        let b = base.sorted(), c = cur.sorted()
        func side(_ v: [Int]) -> JSONValue {
            ["n": .number(Decimal(v.count)), "p50": .number(Decimal(Statistics.percentile(v, 0.5) ?? 0)),
             "p95": .number(Decimal(Statistics.percentile(v, 0.95) ?? 0))]
        }
        let (low, high) = Self.superiorityInterval(mw.superiority, n1: c.count, n2: b.count)
        let p50b = Statistics.percentile(b, 0.5) ?? 0, p50c = Statistics.percentile(c, 0.5) ?? 0
        let p95b = Statistics.percentile(b, 0.95) ?? 0, p95c = Statistics.percentile(c, 0.95) ?? 0
        let movement = p50c != p50b ? (p50c > p50b ? 1 : -1) : (mw.superiority > 0.5 ? 1 : mw.superiority < 0.5 ? -1 : 0)
        return DriftFinding(
            metric: name, kind: .latency, test: "mann-whitney (\(mw.method.rawValue))", better: .lower,
            baseline: side(b), current: side(c), effectName: "P(current > baseline)", effect: mw.superiority,
            effectLow: low, effectHigh: high, movement: movement, p: mw.p, adjustedP: mw.p,
            figures: "p50 \(p50b) → \(p50c) ms (\(Self.signed(p50c - p50b))), p95 \(p95b) → \(p95c) ms (\(Self.signed(p95c - p95b)))")
    }

    func intentMixFinding(_ mix: IntentMix) -> DriftFinding {
        func side(_ counts: [String: Int]) -> JSONValue { .object(counts.mapValues { .number(Decimal($0)) }) }
        return DriftFinding(
            metric: "reported_intent_mix", kind: .intentMix, test: "chi-square", better: .neither,
            baseline: side(mix.baseline), current: side(mix.current), effectName: "PSI", effect: mix.psi, effectLow: nil,
            effectHigh: nil, movement: 0, p: mix.chiSquare.p, adjustedP: mix.chiSquare.p,
            figures: String(format: "χ² = %.3f, dof %d, PSI %.3f (%@)", mix.chiSquare.statistic, mix.chiSquare.degreesOfFreedom,
                            mix.psi, mix.psiLabel))
    }

    /// Hanley & McNeil's standard error of an AUC-like probability, as a 95% normal interval.
    static func superiorityInterval(_ a: Double, n1: Int, n2: Int) -> (Double, Double) {
        let q1 = a / (2 - a), q2 = 2 * a * a / (1 + a)
        let variance = (a * (1 - a) + Double(n1 - 1) * (q1 - a * a) + Double(n2 - 1) * (q2 - a * a)) / Double(n1 * n2)
        let half = 1.959963984540054 * max(0, variance).squareRoot()
        return (max(0, a - half), min(1, a + half))
    }

    func applyBenjaminiHochberg(_ findings: inout [DriftFinding]) {
        let adjusted = BenjaminiHochberg.adjust(findings.map(\.p))
        for i in findings.indices {
            findings[i].adjustedP = adjusted[i]
            var significant = adjusted[i] < settings.alpha
            if findings[i].kind == .rate { significant = significant && abs(findings[i].effect) >= settings.minEffect }
            findings[i].significant = significant
            guard significant else { continue }
            let f = findings[i]
            if f.better == .neither || f.movement == 0 {
                findings[i].label = .change
            } else {
                findings[i].label = f.movement * f.better.rawValue > 0 ? .improvement : .regression
            }
        }
    }

    static func percent(_ s: Int, _ n: Int) -> String { String(format: "%.1f%% (%d/%d)", Double(s) / Double(n) * 100, s, n) }
    static func signed(_ x: Int) -> String { x > 0 ? "+\(x)" : "\(x)" }
}
