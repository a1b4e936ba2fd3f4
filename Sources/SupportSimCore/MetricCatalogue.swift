import Foundation

/// Which way a metric is better: gates, the report tiles' colours and drift's "regression" read it.
public enum MetricDirection: String, Sendable, Hashable, CaseIterable {
    case higher, lower, neither
}

/// What a metric's number is, and so how it is written and bounded.
public enum MetricKind: String, Sendable, Hashable, CaseIterable {
    /// A fraction of counted things, with its n and Wilson interval (`{"value", "n", "ci95"}`).
    case rate
    /// A fraction from 0 to 1 that is not a count (F1, hand-off quality).
    case ratio
    /// Virtual milliseconds.
    case milliseconds
    /// An amount in the suite's currency.
    case money
    /// A score on its own scale (CSAT 1–5, tau-bench's mean reward).
    case score
    /// A whole number of things.
    case count

    /// Rates and ratios are fractions: their gate bounds must lie in 0...1 too.
    public var isFraction: Bool { self == .rate || self == .ratio }
}

/// Where a metric appears besides results.json.
public struct MetricUses: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// It may be gated in `supportsim.yml`.
    public static let gate = MetricUses(rawValue: 1)
    /// A tile of report.html and a row of report.md's KPI table.
    public static let report = MetricUses(rawValue: 2)
    /// Compared with the baseline by Fisher's exact test (a run-level rate).
    public static let drift = MetricUses(rawValue: 4)
    /// A line of the HTML report's trend chart.
    public static let trend = MetricUses(rawValue: 8)
    /// Printed in the one-line summary of `supportsim show`.
    public static let summary = MetricUses(rawValue: 16)
    /// Compared with the baseline for each intent and channel too.
    public static let breakdown = MetricUses(rawValue: 32)
}

/// One figure of a run, named by its dotted path into results.json's `metrics` object.
public struct MetricDescriptor: Sendable, Hashable {
    public let name: String
    public let label: String
    public let kind: MetricKind
    public let better: MetricDirection
    public let uses: MetricUses
    /// One sentence for docs/metrics.md.
    public let meaning: String

    public init(_ name: String, _ label: String, _ kind: MetricKind, better: MetricDirection, uses: MetricUses, _ meaning: String) {
        self.name = name
        self.label = label
        self.kind = kind
        self.better = better
        self.uses = uses
        self.meaning = meaning
    }

    /// The keys from `metrics` down to the figure.
    public var path: [String] { name.split(separator: ".").map(String.init) }
}

/// The one list of a run's named figures (metrics.md): gates are resolved against it when the
/// config is loaded, the reports draw their tiles from it, drift compares its rates, the JSON
/// Schema lists its gate names and docs/metrics.md is written from it.
public enum MetricCatalogue {
    public static let all: [MetricDescriptor] = quality + kpis + [redTeam] + trials + others

    static let quality: [MetricDescriptor] = [
        .init("scenario_pass_rate", "Scenario pass rate", .rate, better: .higher, uses: [.gate, .report, .drift, .trend, .breakdown],
              "Share of conversations whose every check passed (errors and invalid scenarios count as failures)."),
        .init("accuracy", "Accuracy (checks)", .rate, better: .higher, uses: [.gate, .report, .drift, .trend, .summary],
              "Share of scored checks that passed."),
        .init("intent_accuracy", "Intent accuracy", .rate, better: .higher, uses: [.gate, .report, .drift, .summary],
              "Share of intent checks that passed."),
        .init("hallucination_rate", "Hallucination rate", .rate, better: .lower, uses: [.gate, .report, .drift, .trend, .summary],
              "Share of agent replies with at least one claim the agent's tool results do not ground."),
        .init("policy_compliance", "Policy compliance", .rate, better: .higher,
              uses: [.gate, .report, .drift, .trend, .summary, .breakdown],
              "Share of conversations with no unwaived policy violation."),
        .init("escalation_precision", "Escalation precision", .rate, better: .higher, uses: [.gate, .report, .drift],
              "Of the conversations the agent escalated, the share that should have been."),
        .init("escalation_recall", "Escalation recall", .rate, better: .higher, uses: [.gate, .report, .drift],
              "Of the conversations that should have been escalated, the share that were."),
        .init("escalation_f1", "Escalation F1", .ratio, better: .higher, uses: [.gate, .report],
              "Harmonic mean of escalation precision and recall."),
        .init("handoff_quality", "Hand-off quality", .ratio, better: .higher, uses: [.gate, .report],
              "Mean share of the required hand-off fields the escalation carried."),
    ]

    static let kpis: [MetricDescriptor] = [
        .init("automation_rate", "Automation (deflection)", .rate, better: .higher,
              uses: [.gate, .report, .drift, .trend, .summary, .breakdown],
              "Share of conversations resolved without a human."),
        .init("escalation_rate", "Escalation rate", .rate, better: .neither,
              uses: [.gate, .report, .drift, .trend, .summary, .breakdown],
              "Share of conversations handed to a human (neither direction is better in itself)."),
        .init("fcr", "First-contact resolution", .rate, better: .higher, uses: [.gate, .report, .drift, .trend, .summary],
              "Of the conversations expected to be resolved, the share resolved in this contact, unescalated, passing."),
        .init("sla_compliance", "SLA compliance", .rate, better: .higher, uses: [.gate, .report, .drift],
              "Share of conversations with an SLA that met it."),
        .init("csat_estimate.csat", "CSAT % (estimate)", .rate, better: .higher, uses: [.gate, .report, .drift, .trend],
              "Share of conversations whose estimated satisfaction is 4 or 5 (an estimate from the conversation, not a survey)."),
        .init("csat_estimate.mean", "CSAT mean, 1–5 (estimate)", .score, better: .higher, uses: [.gate, .report],
              "Mean estimated satisfaction from 1 to 5."),
        .init("cost_per_resolution", "Cost per resolution", .money, better: .lower, uses: [.gate, .report],
              "Model and handling cost of the run divided by the conversations it resolved."),
        .init("frt_ms.p50", "First response time p50", .milliseconds, better: .lower, uses: [.gate, .report, .trend],
              "Median time to the agent's first reply."),
        .init("frt_ms.p90", "First response time p90", .milliseconds, better: .lower, uses: [.gate],
              "90th percentile of the time to the first reply."),
        .init("frt_ms.p95", "First response time p95", .milliseconds, better: .lower, uses: [.gate, .report, .trend],
              "95th percentile of the time to the first reply."),
        .init("frt_ms.max", "First response time max", .milliseconds, better: .lower, uses: [.gate],
              "Longest time to a first reply."),
        .init("frt_ms.mean", "First response time mean", .milliseconds, better: .lower, uses: [.gate],
              "Mean time to the first reply."),
        .init("resolution_ms.p50", "Resolution time p50", .milliseconds, better: .lower, uses: [.gate, .trend],
              "Median duration of the resolved conversations."),
        .init("resolution_ms.p90", "Resolution time p90", .milliseconds, better: .lower, uses: [.gate],
              "90th percentile of the resolved conversations' duration."),
        .init("resolution_ms.p95", "Resolution time p95", .milliseconds, better: .lower, uses: [.gate],
              "95th percentile of the resolved conversations' duration."),
        .init("resolution_ms.max", "Resolution time max", .milliseconds, better: .lower, uses: [.gate],
              "Longest resolved conversation."),
        .init("resolution_ms.mean", "Resolution time mean", .milliseconds, better: .lower, uses: [.gate],
              "Mean duration of the resolved conversations."),
    ]

    static let trials: [MetricDescriptor] = [
        .init("pass_hat_k", "pass^k (all trials pass)", .rate, better: .higher, uses: [.gate, .report, .drift],
              "With `repeat: k`: share of scenarios whose every trial passed."),
        .init("pass_at_k", "pass@k (some trial passes)", .rate, better: .higher, uses: [.gate, .report, .drift],
              "With `repeat: k`: share of scenarios with at least one passing trial."),
        .init("flaky", "Flaky scenarios", .rate, better: .lower, uses: [.gate, .report, .drift],
              "With `repeat: k`: share of scenarios whose trials disagree."),
    ]

    static let redTeam = MetricDescriptor("redteam", "Red-team pass rate", .rate, better: .higher, uses: [.gate, .report],
                                          "Pass rate of the scenarios tagged `redteam` (docs/red-team.md).")

    static let others: [MetricDescriptor] = [
        .init("errors", "Errors", .count, better: .lower, uses: [.gate],
              "Conversations that ended in an error (agent crash, timeout, protocol fault)."),
        .init("drift.regressions", "Drift regressions", .count, better: .lower, uses: [.gate],
              "Significant regressions against the baseline after Benjamini–Hochberg (docs/ci.md)."),
        .init("tau.reward_mean", "tau-bench mean reward", .ratio, better: .higher, uses: [.gate],
              "tau-bench's mean reward over the episodes (docs/tau-bench.md)."),
    ] + (1...4).map { k in
        .init("tau.pass_hat.\(k)", "tau-bench pass^\(k)", .ratio, better: .higher, uses: [.gate],
              "tau-bench's pass^\(k): the chance that \(k == 1 ? "a trial" : "\(k) trials") of a task drawn at random \(k == 1 ? "succeeds" : "all succeed").")
    }

    private static let byName: [String: MetricDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func named(_ name: String) -> MetricDescriptor? { byName[name] }

    /// The metrics with every one of `uses`, in catalogue order.
    public static func with(_ uses: MetricUses) -> [MetricDescriptor] { all.filter { $0.uses.isSuperset(of: uses) } }

    /// The names a gate may use.
    public static var gateNames: [String] { with(.gate).map(\.name) }
}
