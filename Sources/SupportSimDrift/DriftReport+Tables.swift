/// The drift report as rows of labelled cells, for report.html (the same figures as drift.md).
extension DriftReport {
    public static let metricColumns = ["Change", "Metric", "Baseline → current", "Effect [95% CI]", "p", "Adjusted p", "Test"]
    public static let scenarioColumns = ["Change", "Scenario", "Baseline", "Current", "Reason"]

    /// Significant findings first, then by adjusted p.
    public var metricRows: [[String]] {
        findings.sorted { ($0.significant ? 0 : 1, $0.adjustedP, $0.metric) < ($1.significant ? 0 : 1, $1.adjustedP, $1.metric) }
            .map { f in [f.label.rawValue, f.metric, f.figures, Self.effect(f), Self.p(f.p), Self.p(f.adjustedP), f.test] }
    }

    public var scenarioRows: [[String]] {
        let groups = [("newly failing", scenarios.regressions), ("newly erroring", scenarios.newlyErroring),
                      ("fixed", scenarios.fixes), ("new", scenarios.new), ("removed", scenarios.removed)]
        return groups.flatMap { title, list in
            list.map { c in [title, c.scenario, c.from ?? "—", c.to ?? "—", c.reasons.first ?? ""] }
        }
    }

    public var headline: String {
        "\(currentLabel) against \(baselineLabel): \(regressionCount) significant regression\(regressionCount == 1 ? "" : "s"), "
            + "\(improvementCount) improvement\(improvementCount == 1 ? "" : "s"), \(scenarios.regressions.count) scenario(s) newly failing."
    }
}
