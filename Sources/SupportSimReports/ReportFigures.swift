import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// One figure of the run's metrics as a report shows it: a rate with its interval, or a plain
/// value with the count it was computed from.
struct Figure {
    var value: Double?
    var low: Double?
    var high: Double?
    var successes: Int?
    var n: Int?

    init(_ metrics: RunMetrics, _ metric: MetricDescriptor) {
        if let rate = metrics.rate(of: metric) {
            self.init(rate)
        } else {
            self.init(value: metrics.value(of: metric)?.double, n: metrics.sampleSize(of: metric))
        }
    }

    init(value: Double?, n: Int?) {
        self.value = value
        self.n = n
    }

    init(_ rate: Rate) {
        let ci = Statistics.wilson(rate.successes, rate.n)
        value = rate.roundedValue?.double
        low = ci.map { Rate.round($0.low).double }
        high = ci.map { Rate.round($0.high).double }
        successes = rate.successes
        n = rate.n
    }

    /// `19/20`, or `n=20` when only the count is known.
    var count: String {
        if let successes, let n { return "\(successes)/\(n)" }
        return n.map { "n=\($0)" } ?? ""
    }
}

extension Decimal {
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

/// The KPIs every human-facing report lists: the metric catalogue's `report` entries, in its
/// order (metrics.md, "Quality" and "KPIs").
struct KPI: Sendable {
    enum Kind: Sendable { case rate, ratio, ms, money, score, count }
    var definition: MetricDescriptor
    var metric: String { definition.name }
    var label: String { definition.label }
    var kind: Kind { Self.kind(definition.kind) }

    static let all: [KPI] = MetricCatalogue.with(.report).map(KPI.init)

    /// The KPIs this run has figures for: pass^k and friends exist only with `repeat: k`.
    static func present(in metrics: RunMetrics) -> [KPI] {
        all.filter { metrics.has($0.definition) }
    }

    static func kind(_ kind: MetricKind) -> Kind {
        switch kind {
        case .rate: .rate
        case .ratio: .ratio
        case .milliseconds: .ms
        case .money: .money
        case .score: .score
        case .count: .count
        }
    }

    func format(_ value: Double?) -> String { Self.format(value, kind) }

    static func format(_ value: Double?, _ kind: Kind) -> String {
        switch kind {
        case .rate, .ratio: return Format.percent(value)
        case .ms: return Format.duration(value)
        case .money: return value.map { String(format: "%.2f", $0) } ?? "n/a"
        case .score: return Format.number(value)
        case .count: return value.map { String(Int($0)) } ?? "n/a"
        }
    }

    /// How a gate's metric is written: as its catalogue kind says; nil (a plain number) for a
    /// count, whose bound is written as given.
    static func kind(ofGate gate: Gate) -> Kind? {
        guard let definition = gate.definition, definition.kind != .count else { return nil }
        return kind(definition.kind)
    }
}

/// A gate's verdict as report text.
struct GateRow {
    var metric: String
    var value: String
    var threshold: String
    var passed: Bool

    init(_ g: GateVerdict) {
        metric = g.gate.metric
        let kind = KPI.kind(ofGate: g.gate)
        func show(_ d: Decimal) -> String {
            guard let kind else { return d.plainString }
            return KPI.format(NSDecimalNumber(decimal: d).doubleValue, kind)
        }
        value = g.value.map(show) ?? "n/a (no data)"
        threshold = [g.gate.min.map { "≥ " + show($0) }, g.gate.max.map { "≤ " + show($0) }]
            .compactMap { $0 }.joined(separator: " and ")
        passed = g.passed
    }
}

/// One intent's readiness row (metrics.md, "Automation readiness").
struct ReadinessRow {
    var intent: String
    var phase: String
    var passRate: Figure
    var automation: Figure
    var criticalViolations: Int
    /// More passing scenarios the intent needs to reach the autonomous bar; nil when none would.
    var neededForAutonomous: Int?

    /// "—" when the intent is there; else what it takes.
    var toAutonomous: String {
        guard let n = neededForAutonomous else { return "not reachable" }
        if n == 0 { return criticalViolations > 0 ? "fix critical violations" : "—" }
        return "\(n) more passing scenario\(n == 1 ? "" : "s")" + (criticalViolations > 0 ? " and no critical violation" : "")
    }

    static func all(_ metrics: RunMetrics) -> [ReadinessRow] {
        metrics.readiness.keys.sorted().map { intent in
            let r = metrics.readiness[intent]!
            return ReadinessRow(
                intent: intent, phase: r.phase.rawValue, passRate: Figure(r.passRate),
                automation: Figure(metrics.byIntent[intent]?.automationRate ?? Rate(0, of: 0)),
                criticalViolations: r.criticalViolations, neededForAutonomous: r.neededForAutonomous)
        }
    }
}

extension RunRecord {
    var counts: (total: Int, pass: Int, fail: Int, error: Int, invalid: Int) {
        let c = metrics.counts
        return (c.total, c.pass, c.fail, c.error, c.invalid)
    }

    /// One line for the top of a report.
    var verdictLine: String {
        let c = counts
        var parts = ["\(c.pass)/\(c.total) scenarios passed"]
        if c.fail > 0 { parts.append("\(c.fail) failed") }
        if c.error > 0 { parts.append("\(c.error) errored") }
        if c.invalid > 0 { parts.append("\(c.invalid) invalid") }
        if !gates.isEmpty {
            let failed = gates.filter { !$0.passed }.count
            parts.append(failed == 0 ? "all \(gates.count) gates passed" : "\(failed) of \(gates.count) gates failed")
        }
        return parts.joined(separator: ", ")
    }

    /// The scenario's folder: JUnit's class name and a filter in the HTML.
    static func folder(of id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return "" }
        return String(id[..<slash])
    }
}
