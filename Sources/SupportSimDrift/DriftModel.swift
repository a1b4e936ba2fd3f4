import Foundation
import SupportSimCore
import SupportSimScoring

/// The thresholds of a drift report (config `drift:`).
public struct DriftSettings: Sendable, Hashable {
    public var alpha: Double
    public var minEffect: Double
    public var transcriptSimilarity: Double

    public init(alpha: Double = 0.05, minEffect: Double = 0.02, transcriptSimilarity: Double = 0.8) {
        self.alpha = alpha
        self.minEffect = minEffect
        self.transcriptSimilarity = transcriptSimilarity
    }

    public init(config: SuiteConfig) {
        func d(_ x: Decimal) -> Double { NSDecimalNumber(decimal: x).doubleValue }
        self.init(alpha: d(config.driftAlpha), minEffect: d(config.driftMinEffect),
                  transcriptSimilarity: d(config.transcriptSimilarity))
    }
}

public enum DriftLabel: String, Sendable, Hashable {
    case regression, improvement, change, unchanged
}

/// Which way is better for a figure: up (pass rates), down (hallucinations, latency), or neither
/// (escalation rate, the intent mix), whose significant moves are only a `change`.
public enum Betterness: Int, Sendable, Hashable {
    case higher = 1, lower = -1, neither = 0

    public init(_ direction: MetricDirection) {
        switch direction {
        case .higher: self = .higher
        case .lower: self = .lower
        case .neither: self = .neither
        }
    }
}

/// One statistical comparison of the report.
public struct DriftFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case rate, latency, intentMix = "intent_mix" }

    public var metric: String
    public var kind: Kind
    /// `fisher`, `z-test`, `mann-whitney (exact)`, `mann-whitney (asymptotic)`, `chi-square`.
    public var test: String
    public var better: Betterness
    /// The figures of each side, e.g. `{"successes": 19, "n": 20, "value": 0.95}`.
    public var baseline: JSONValue
    public var current: JSONValue
    /// `difference` (current − baseline, for rates), `P(current > baseline)` (latencies),
    /// `PSI` (intent mix).
    public var effectName: String
    public var effect: Double
    public var effectLow: Double?
    public var effectHigh: Double?
    /// The direction of the change: +1 up, −1 down, 0 none.
    public var movement: Int
    public var p: Double
    public var adjustedP: Double
    public var significant = false
    public var label = DriftLabel.unchanged
    /// One line of figures for people: `95.0% (19/20) → 60.0% (12/20)`.
    public var figures: String
}

/// A scenario whose outcome changed between the two sides.
public struct ScenarioChange: Sendable, Hashable {
    public var scenario: String
    public var from: String?
    public var to: String?
    public var reasons: [String]
}

public struct ScenarioChanges: Sendable, Hashable {
    /// Passed in the baseline, fails or errs now.
    public var regressions: [ScenarioChange] = []
    /// Failed or erred in the baseline, passes now.
    public var fixes: [ScenarioChange] = []
    public var new: [ScenarioChange] = []
    public var removed: [ScenarioChange] = []
    /// Errs now and did not in the baseline.
    public var newlyErroring: [ScenarioChange] = []
}

/// A reply that moved away from its golden.
public struct TranscriptChange: Sendable, Hashable {
    public var scenario: String
    /// 1-based index among the agent's replies.
    public var reply: Int
    public var similarity: Double
    public var golden: String
    public var current: String
    public var diff: String
}

public struct IntentMix: Sendable, Hashable {
    public var baseline: [String: Int]
    public var current: [String: Int]
    public var chiSquare: ChiSquare.Result
    public var psi: Double
    public var psiLabel: String { PopulationStability.label(psi) }
}

/// The whole comparison; rendered by `DriftReport+Rendering` and gated by `DriftGate`.
public struct DriftReport: Sendable {
    public var baselineLabel: String
    public var currentLabel: String
    /// The baseline's `metrics` object, for the reports' change against it.
    public var baselineMetrics: RunMetrics?
    public var settings: DriftSettings
    public var findings: [DriftFinding]
    public var scenarios: ScenarioChanges
    public var transcripts: [TranscriptChange]
    /// Where the golden replies came from (`goldens/`, a run), or nil when there were none.
    public var transcriptReference: String?
    public var intentMix: IntentMix
    public var trend: Trend?
    public var coverage: CoverageDrift?

    /// Significant regressions among the statistical findings: the `drift.regressions` figure.
    public var regressionCount: Int { findings.filter { $0.label == .regression }.count }
    public var improvementCount: Int { findings.filter { $0.label == .improvement }.count }
}
