import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// One figure read back from the `metrics` JSON (MetricsCalculator): a rate with its interval,
/// or a plain value with the count it was computed from.
struct Figure {
    var value: Double?
    var low: Double?
    var high: Double?
    var successes: Int?
    var n: Int?

    /// `metric` is a dotted path, as in gates: `scenario_pass_rate`, `frt_ms.p95`, `csat_estimate.csat`.
    init(_ metrics: JSONValue, _ metric: String) {
        var parent: JSONValue?
        var node: JSONValue? = metrics
        for part in metric.split(separator: ".") {
            parent = node
            node = node?[String(part)]
        }
        if case .object = node {
            value = node?["value"]?.double
            low = node?["ci_low"]?.double
            high = node?["ci_high"]?.double
            successes = node?["successes"]?.intValue
            n = node?["n"]?.intValue
        } else {
            value = node?.double
            n = parent?["n"]?.intValue
        }
    }

    /// `19/20`, or `n=20` when only the count is known.
    var count: String {
        if let successes, let n { return "\(successes)/\(n)" }
        return n.map { "n=\($0)" } ?? ""
    }
}

extension JSONValue {
    var double: Double? { decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue } }
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
    static func present(in metrics: JSONValue) -> [KPI] {
        all.filter { k in metrics[k.definition.path[0]] != nil }
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

    static func all(_ metrics: JSONValue) -> [ReadinessRow] {
        guard let byIntent = metrics["readiness"]?.objectValue else { return [] }
        return byIntent.keys.sorted().map { intent in
            let r = byIntent[intent]!
            return ReadinessRow(
                intent: intent, phase: r["phase"]?.stringValue ?? "read-only",
                passRate: Figure(r, "pass_rate"),
                automation: Figure(metrics["by_intent"]?[intent] ?? .null, "automation_rate"),
                criticalViolations: r["critical_violations"]?.intValue ?? 0,
                neededForAutonomous: r["needed_for_autonomous"]?.intValue)
        }
    }
}

extension RunRecord {
    var counts: (total: Int, pass: Int, fail: Int, error: Int, invalid: Int) {
        let c = metrics["counts"]
        return (c?["total"]?.intValue ?? 0, c?["pass"]?.intValue ?? 0, c?["fail"]?.intValue ?? 0,
                c?["error"]?.intValue ?? 0, c?["invalid"]?.intValue ?? 0)
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
