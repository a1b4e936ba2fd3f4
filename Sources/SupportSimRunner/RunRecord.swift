import Foundation
import SupportSimCore
import SupportSimScoring

/// Facts about a run that are not results: who, what, when.
public struct RunInfo: Sendable {
    public var id: String
    public var suite: String
    public var agent: String
    public var startedAt: Date
    public var finishedAt: Date
    public var repeatCount: Int
    public var filters: [String]
    public var gitCommit: String?
    /// Set when the run stopped starting conversations at its cost budget (`agent: {max_cost}`).
    public var budgetStop: BudgetStop? = nil

    public init(id: String, suite: String, agent: String, startedAt: Date, finishedAt: Date, repeatCount: Int,
                filters: [String], gitCommit: String? = nil)
    {
        self.id = id
        self.suite = suite
        self.agent = agent
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.repeatCount = repeatCount
        self.filters = filters
        self.gitCommit = gitCommit
    }

    /// `20261123-204512-3fa9`: sortable by time, unique enough for concurrent runs.
    public static func newID(at date: Date = Date()) -> String {
        let stamp = ISODate.formatDateTime(date).prefix(19).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "T", with: "-")
        return stamp + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    /// Whether a folder name is a run id (`newID`'s form).
    public static func isRunID(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 8, parts[1].count == 6, parts[2].count == 4 else { return false }
        return parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber) && parts[2].allSatisfy(\.isHexDigit)
    }
}

/// What a run that reached its cost budget covered.
public struct BudgetStop: Sendable, Hashable {
    public var maxCost: Decimal
    public var spent: Decimal
    public var planned: Int
    public var played: Int
    public init(maxCost: Decimal, spent: Decimal, planned: Int, played: Int) {
        self.maxCost = maxCost
        self.spent = spent
        self.planned = planned
        self.played = played
    }

    public var summary: String {
        "stopped at its cost budget of \(maxCost.plainString) (spent \(spent.plainString)): \(played) of \(planned) conversations played, \(planned - played) not started"
    }
}

/// A finished run: what every report is written from.
public struct RunRecord: Sendable {
    public var info: RunInfo
    public var config: SuiteConfig
    public var results: [ScenarioResult]
    public var invalid: [InvalidScenario]
    public var metrics: RunMetrics
    public var gates: [GateVerdict]

    /// The run's metrics computed, and its gates evaluated on them unless `evaluatingGates` is
    /// false: the run pipeline evaluates them once itself (`GateStage`), after merging the drift
    /// figures that drift gates read, and until then `gates` is empty.
    public init(info: RunInfo, config: SuiteConfig, results: [ScenarioResult], invalid: [InvalidScenario],
                evaluatingGates: Bool = true) {
        self.info = info
        self.config = config
        self.results = results
        self.invalid = invalid
        self.metrics = MetricsCalculator(config: config).metrics(results, invalid: invalid.count)
        self.gates = evaluatingGates ? GateEvaluator.evaluate(config.gates, metrics: metrics) : []
    }

    /// metrics.md, "Exit codes": 0 when every gate passed (with no gates: every scenario
    /// passed), else 1.
    public var passed: Bool {
        if !config.gates.isEmpty { return gates.allSatisfy(\.passed) }
        return invalid.isEmpty && results.allSatisfy { $0.status == .pass }
    }
}
