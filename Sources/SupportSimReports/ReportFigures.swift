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

/// The KPIs every human-facing report lists, in this order (metrics.md, "Quality" and "KPIs").
struct KPI: Sendable {
    enum Kind: Sendable { case rate, ratio, ms, money, score }
    var metric: String
    var label: String
    var kind: Kind
    /// For hallucination and escalation rates a lower figure is better; the tiles colour by it.
    var lowerIsBetter = false

    static let all: [KPI] = [
        KPI(metric: "scenario_pass_rate", label: "Scenario pass rate", kind: .rate),
        KPI(metric: "accuracy", label: "Accuracy (checks)", kind: .rate),
        KPI(metric: "intent_accuracy", label: "Intent accuracy", kind: .rate),
        KPI(metric: "hallucination_rate", label: "Hallucination rate", kind: .rate, lowerIsBetter: true),
        KPI(metric: "policy_compliance", label: "Policy compliance", kind: .rate),
        KPI(metric: "escalation_precision", label: "Escalation precision", kind: .rate),
        KPI(metric: "escalation_recall", label: "Escalation recall", kind: .rate),
        KPI(metric: "escalation_f1", label: "Escalation F1", kind: .ratio),
        KPI(metric: "handoff_quality", label: "Hand-off quality", kind: .ratio),
        KPI(metric: "automation_rate", label: "Automation (deflection)", kind: .rate),
        KPI(metric: "escalation_rate", label: "Escalation rate", kind: .rate, lowerIsBetter: true),
        KPI(metric: "fcr", label: "First-contact resolution", kind: .rate),
        KPI(metric: "sla_compliance", label: "SLA compliance", kind: .rate),
        KPI(metric: "csat_estimate.csat", label: "CSAT % (estimate)", kind: .rate),
        KPI(metric: "csat_estimate.mean", label: "CSAT mean, 1–5 (estimate)", kind: .score),
        KPI(metric: "cost_per_resolution", label: "Cost per resolution", kind: .money, lowerIsBetter: true),
        KPI(metric: "frt_ms.p50", label: "First response time p50", kind: .ms, lowerIsBetter: true),
        KPI(metric: "frt_ms.p95", label: "First response time p95", kind: .ms, lowerIsBetter: true),
        KPI(metric: "redteam", label: "Red-team pass rate", kind: .rate),
        KPI(metric: "pass_hat_k", label: "pass^k (all trials pass)", kind: .rate),
        KPI(metric: "pass_at_k", label: "pass@k (some trial passes)", kind: .rate),
        KPI(metric: "flaky", label: "Flaky scenarios", kind: .rate, lowerIsBetter: true),
    ]

    /// The KPIs this run has figures for: pass^k and friends exist only with `repeat: k`.
    static func present(in metrics: JSONValue) -> [KPI] {
        all.filter { k in
            let head = String(k.metric.split(separator: ".")[0])
            return metrics[head] != nil
        }
    }

    func format(_ value: Double?) -> String { Self.format(value, kind) }

    static func format(_ value: Double?, _ kind: Kind) -> String {
        switch kind {
        case .rate, .ratio: return Format.percent(value)
        case .ms: return Format.duration(value)
        case .money: return value.map { String(format: "%.2f", $0) } ?? "n/a"
        case .score: return Format.number(value)
        }
    }

    /// How a gate's metric is written: like its KPI when there is one, else as a plain number.
    static func kind(ofGate metric: String) -> Kind? {
        if let k = all.first(where: { $0.metric == metric }) { return k.kind }
        if metric.hasPrefix("frt_ms.") || metric.hasPrefix("resolution_ms.") || metric.hasPrefix("handoff_ms.") { return .ms }
        return nil
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
        let kind = KPI.kind(ofGate: g.gate.metric)
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
