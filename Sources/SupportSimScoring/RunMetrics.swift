import Foundation
import SupportSimCore

/// A run's figures (metrics.md), typed: what `MetricsCalculator` computes, what gates, reports
/// and drift read (by the catalogue's descriptors, `value(of:)`), and what results.json's
/// `metrics` object, the history and `goldens/baseline.json` hold (`json`, `init(json:)`).
public struct RunMetrics: Sendable, Hashable {
    public var counts = Counts()
    public var scenarioPassRate = Rate(0, of: 0)
    public var accuracy = Rate(0, of: 0)
    public var intentAccuracy = Rate(0, of: 0)
    public var hallucinationRate = Rate(0, of: 0)
    /// Ungrounded claims, all replies together.
    public var hallucinations = 0
    public var policyCompliance = Rate(0, of: 0)
    /// Unwaived violations by severity.
    public var violations: [Severity: Int] = [:]
    public var escalationPrecision = Rate(0, of: 0)
    public var escalationRecall = Rate(0, of: 0)
    public var escalationF1 = Ratio()
    public var escalationConfusion = Confusion()
    public var handoffQuality = Ratio()

    public var automationRate = Rate(0, of: 0)
    public var escalationRate = Rate(0, of: 0)
    public var fcr = Rate(0, of: 0)
    public var slaCompliance = Rate(0, of: 0)
    public var frtMs = Durations()
    public var resolutionMs = Durations()
    public var handoffMs = Durations()
    public var csat = CSATEstimate()
    public var cost = Cost()
    /// With `repeat: k` (k > 1) only.
    public var trials: Trials?

    public var byIntent: [String: Breakdown] = [:]
    public var byChannel: [String: Breakdown] = [:]
    public var readiness: [String: ReadinessRow] = [:]
    public var tau: Tau?
    public var redTeam: RedTeam?
    /// Added by the drift stage when the run was compared with a baseline.
    public var drift: DriftFigures?

    public init() {}

    public struct Counts: Sendable, Hashable {
        public var total = 0, pass = 0, fail = 0, error = 0, invalid = 0
        public init(total: Int = 0, pass: Int = 0, fail: Int = 0, error: Int = 0, invalid: Int = 0) {
            (self.total, self.pass, self.fail, self.error, self.invalid) = (total, pass, fail, error, invalid)
        }
    }

    /// A fraction that is not a count of successes (F1, hand-off quality), with the number of
    /// things it was computed from; no value when there were none.
    public struct Ratio: Sendable, Hashable {
        public var value: Decimal?
        public var n = 0
        public init(value: Decimal? = nil, n: Int = 0) { (self.value, self.n) = (value, n) }
    }

    public struct Confusion: Sendable, Hashable {
        public var truePositive = 0, falsePositive = 0, falseNegative = 0, trueNegative = 0
        public init(truePositive: Int = 0, falsePositive: Int = 0, falseNegative: Int = 0, trueNegative: Int = 0) {
            (self.truePositive, self.falsePositive, self.falseNegative, self.trueNegative) = (truePositive, falsePositive, falseNegative, trueNegative)
        }
    }

    /// A distribution of virtual milliseconds, summarised; no figures when it is empty.
    public struct Durations: Sendable, Hashable {
        public var n = 0
        public var p50: Int?, p90: Int?, p95: Int?, max: Int?
        public var mean: Decimal?
        public init() {}
        public init(_ values: [Int]) {
            let sorted = values.sorted()
            guard let last = sorted.last else { return }
            n = sorted.count
            p50 = Statistics.percentile(sorted, 0.5)
            p90 = Statistics.percentile(sorted, 0.9)
            p95 = Statistics.percentile(sorted, 0.95)
            max = last
            mean = Rate.round(Double(sorted.reduce(0, +)) / Double(sorted.count))
        }
    }

    public struct CSATEstimate: Sendable, Hashable {
        /// Mean estimated satisfaction, 1 to 5.
        public var mean: Decimal?
        /// Share of conversations estimated at 4 or 5.
        public var csat = Rate(0, of: 0)
        public init(mean: Decimal? = nil, csat: Rate = Rate(0, of: 0)) { (self.mean, self.csat) = (mean, csat) }
    }

    public struct Cost: Sendable, Hashable {
        /// Per resolved or escalated conversation; none when none finished.
        public var perResolution: Decimal?
        /// Conversations the cost is shared among.
        public var n = 0
        public var tokenCost: Decimal = 0, humanCost: Decimal = 0
        public var inputTokens = 0, outputTokens = 0
        /// What grading and simulating cost, when a judge or a model-driven customer ran.
        public var judge: ModelSpend?, customer: ModelSpend?
        public init() {}
    }

    public struct ModelSpend: Sendable, Hashable {
        public var inputTokens = 0, outputTokens = 0
        public var cost: Decimal = 0
        public init(inputTokens: Int, outputTokens: Int, cost: Decimal) {
            (self.inputTokens, self.outputTokens, self.cost) = (inputTokens, outputTokens, cost)
        }
    }

    /// Scenarios over their trials (`repeat: k`).
    public struct Trials: Sendable, Hashable {
        public var k: Int
        public var passHatK: Rate, passAtK: Rate, flaky: Rate
        public init(k: Int, passHatK: Rate, passAtK: Rate, flaky: Rate) {
            (self.k, self.passHatK, self.passAtK, self.flaky) = (k, passHatK, passAtK, flaky)
        }
    }

    /// One intent's or channel's figures.
    public struct Breakdown: Sendable, Hashable {
        public var n = 0
        public var scenarioPassRate = Rate(0, of: 0), automationRate = Rate(0, of: 0)
        public var escalationRate = Rate(0, of: 0), policyCompliance = Rate(0, of: 0)
        public var frtMs = Durations()
        public var csatMean: Decimal = 0
        public init() {}

        /// The breakdown's rates by the names drift compares them under.
        public static let rates: [(name: String, rate: @Sendable (Breakdown) -> Rate)] = [
            ("scenario_pass_rate", { $0.scenarioPassRate }), ("automation_rate", { $0.automationRate }),
            ("escalation_rate", { $0.escalationRate }), ("policy_compliance", { $0.policyCompliance }),
        ]
    }

    public struct ReadinessRow: Sendable, Hashable {
        public var phase: Readiness.Phase
        public var passRate: Rate
        public var criticalViolations: Int
        /// Passing scenarios still needed for the autonomous bar; nil when no number would do.
        public var neededForAutonomous: Int?
        public init(phase: Readiness.Phase, passRate: Rate, criticalViolations: Int, neededForAutonomous: Int?) {
            (self.phase, self.passRate, self.criticalViolations, self.neededForAutonomous) = (phase, passRate, criticalViolations, neededForAutonomous)
        }
    }

    public struct RedTeam: Sendable, Hashable {
        public var rate: Rate
        public var byKind: [String: Rate]
        public init(rate: Rate, byKind: [String: Rate]) { (self.rate, self.byKind) = (rate, byKind) }
    }

    /// tau-bench's figures (docs/tau-bench.md).
    public struct Tau: Sendable, Hashable {
        public var rewards: TauRewards
        public var episodes = 0, tasks = 0
        /// The same figures for the recorded rewards, when every episode was recorded.
        public var recorded: TauRewards?
        public var rewardsEqualRecorded: Int?
        public var outputsMatched = 0, outputsTotal = 0
        public init(rewards: TauRewards) { self.rewards = rewards }
    }

    public struct TauRewards: Sendable, Hashable {
        public var mean: Decimal
        /// pass^k by k.
        public var passHat: [Int: Decimal]
        public init(mean: Decimal, passHat: [Int: Decimal]) { (self.mean, self.passHat) = (mean, passHat) }
    }

    /// The drift stage's counts, gated as `drift.*`.
    public struct DriftFigures: Sendable, Hashable {
        public var regressions = 0, scenarioRegressions = 0, improvements = 0, transcriptChanges = 0
        public init(regressions: Int, scenarioRegressions: Int, improvements: Int, transcriptChanges: Int) {
            (self.regressions, self.scenarioRegressions, self.improvements, self.transcriptChanges)
                = (regressions, scenarioRegressions, improvements, transcriptChanges)
        }
    }
}

extension RunMetrics {
    /// The figure a catalogue entry names (a rate's value, or the number), nil when the run has
    /// none: what a gate compares with its bounds and a report tile shows.
    public func value(of metric: MetricDescriptor) -> Decimal? {
        Self.figures[metric.name]?(self)
    }

    /// The rate a catalogue entry of kind `.rate` names, with its n and interval.
    public func rate(of metric: MetricDescriptor) -> Rate? {
        Self.rates[metric.name]?(self)
    }

    /// Whether the run has the figure at all (the trial figures exist only with `repeat`, tau's
    /// only for a tau suite): reports leave out what is absent rather than print "n/a".
    public func has(_ metric: MetricDescriptor) -> Bool {
        switch metric.path.first {
        case "pass_hat_k", "pass_at_k", "flaky": trials != nil
        case "tau": tau != nil
        case "redteam": redTeam != nil
        case "drift": drift != nil
        default: Self.figures[metric.name] != nil
        }
    }

    /// How many things a figure was computed from: a rate's n, the durations' count, the
    /// conversations a cost is shared among; nil for a figure without one.
    public func sampleSize(of metric: MetricDescriptor) -> Int? {
        if let rate = rate(of: metric) { return rate.n }
        switch metric.path.first {
        case "escalation_f1": return escalationF1.n
        case "handoff_quality": return handoffQuality.n
        case "frt_ms": return frtMs.n
        case "resolution_ms": return resolutionMs.n
        case "cost_per_resolution": return cost.n
        default: return nil
        }
    }

    static let rates: [String: @Sendable (RunMetrics) -> Rate?] = [
        "scenario_pass_rate": { $0.scenarioPassRate }, "accuracy": { $0.accuracy }, "intent_accuracy": { $0.intentAccuracy },
        "hallucination_rate": { $0.hallucinationRate }, "policy_compliance": { $0.policyCompliance },
        "escalation_precision": { $0.escalationPrecision }, "escalation_recall": { $0.escalationRecall },
        "automation_rate": { $0.automationRate }, "escalation_rate": { $0.escalationRate }, "fcr": { $0.fcr },
        "sla_compliance": { $0.slaCompliance }, "csat_estimate.csat": { $0.csat.csat },
        "pass_hat_k": { $0.trials?.passHatK }, "pass_at_k": { $0.trials?.passAtK }, "flaky": { $0.trials?.flaky },
        "redteam": { $0.redTeam?.rate },
    ]

    /// Every catalogue entry's figure; `RunMetricsTests` holds the two lists to each other.
    static let figures: [String: @Sendable (RunMetrics) -> Decimal?] = {
        var f: [String: @Sendable (RunMetrics) -> Decimal?] = [:]
        for (name, rate) in rates { f[name] = { m in rate(m)?.roundedValue } }
        let others: [String: @Sendable (RunMetrics) -> Decimal?] = [
            "escalation_f1": { $0.escalationF1.value }, "handoff_quality": { $0.handoffQuality.value },
            "csat_estimate.mean": { $0.csat.mean }, "cost_per_resolution": { $0.cost.perResolution },
            "frt_ms.p50": { ms($0.frtMs.p50) }, "frt_ms.p90": { ms($0.frtMs.p90) },
            "frt_ms.p95": { ms($0.frtMs.p95) }, "frt_ms.max": { ms($0.frtMs.max) }, "frt_ms.mean": { $0.frtMs.mean },
            "resolution_ms.p50": { ms($0.resolutionMs.p50) }, "resolution_ms.p90": { ms($0.resolutionMs.p90) },
            "resolution_ms.p95": { ms($0.resolutionMs.p95) }, "resolution_ms.max": { ms($0.resolutionMs.max) },
            "resolution_ms.mean": { $0.resolutionMs.mean },
            "errors": { Decimal($0.counts.error) }, "drift.regressions": { $0.drift.map { Decimal($0.regressions) } },
            "tau.reward_mean": { $0.tau?.rewards.mean },
        ]
        f.merge(others) { a, _ in a }
        for k in 1...4 { f["tau.pass_hat.\(k)"] = { $0.tau?.rewards.passHat[k] } }
        return f
    }()
}

private func ms(_ n: Int?) -> Decimal? { n.map { Decimal($0) } }

extension Rate {
    /// The value as results.json writes it (six decimal places).
    public var roundedValue: Decimal? { value.map(Self.round) }
}
