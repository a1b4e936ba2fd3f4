import Foundation
import SupportSimCore

/// The run's figures (metrics.md), computed from scored conversations alone. Every rate carries
/// its n and 95% Wilson interval.
public struct MetricsCalculator: Sendable {
    public let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func metrics(_ results: [ScenarioResult], invalid: Int = 0) -> JSONValue {
        var m = quality(results, invalid: invalid)
        for (k, v) in kpis(results) { m[k] = v }
        m["by_intent"] = breakdown(results, by: { $0.record.scenario.primaryIntent })
        m["by_channel"] = breakdown(results, by: { $0.record.scenario.channel.rawValue })
        m["readiness"] = Readiness(config: config).json(results)
        if let tau = Self.tau(results) { m["tau"] = tau }
        if let redTeam = Self.redTeam(results) { m["redteam"] = redTeam }
        return .object(m)
    }

    /// The pass rate of the red-team scenarios (tag `redteam`, docs/red-team.md), overall and by
    /// attack kind (tag `redteam-<kind>`): how the agent holds up under attack, kept apart from
    /// how it serves customers. Absent when the run has none.
    static func redTeam(_ results: [ScenarioResult]) -> JSONValue? {
        let attacks = results.filter { $0.record.scenario.tags.contains("redteam") }
        guard !attacks.isEmpty else { return nil }
        guard case .object(var o) = Rate(attacks.filter { $0.status == .pass }.count, of: attacks.count).json else { return nil }
        var kinds: [String: JSONValue] = [:]
        let grouped = Dictionary(grouping: attacks) { r in
            r.record.scenario.tags.first { $0.hasPrefix("redteam-") }.map { String($0.dropFirst("redteam-".count)) } ?? "other"
        }
        for (kind, list) in grouped { kinds[kind] = Rate(list.filter { $0.status == .pass }.count, of: list.count).json }
        o["by_kind"] = .object(kinds)
        return .object(o)
    }

    // MARK: - tau-bench

    /// A tau suite's figures as tau-bench reports them (mean reward, pass^k over trials), with
    /// the same figures for the recorded rewards when the episodes were recorded.
    static func tau(_ results: [ScenarioResult]) -> JSONValue? {
        let outcomes = results.compactMap(\.record.tau)
        guard !outcomes.isEmpty else { return nil }
        func number(_ d: Double) -> JSONValue {
            var value = Decimal(string: String(format: "%.6f", d)) ?? 0, rounded = Decimal()
            NSDecimalRound(&rounded, &value, 6, .plain)
            return .number(rounded)
        }
        func figures(_ rewards: [(taskID: Int, trial: Int, reward: Double)]) -> [String: JSONValue] {
            let mean = rewards.map(\.reward).reduce(0, +) / Double(rewards.count)
            let passHat = TauPassHat.values(rewards)
            return ["reward_mean": number(mean),
                    "pass_hat": .object(Dictionary(uniqueKeysWithValues: passHat.map { (String($0.key), number($0.value)) }))]
        }
        let rewards = outcomes.map { (taskID: $0.taskID, trial: $0.trial, reward: NSDecimalNumber(decimal: $0.reward).doubleValue) }
        var o = figures(rewards)
        o["episodes"] = .number(Decimal(outcomes.count))
        o["tasks"] = .number(Decimal(Set(outcomes.map(\.taskID)).count))
        let recorded = outcomes.compactMap { t in
            t.recordedReward.map { (taskID: t.taskID, trial: t.trial, reward: NSDecimalNumber(decimal: $0).doubleValue) }
        }
        if recorded.count == outcomes.count {
            o["recorded"] = .object(figures(recorded))
            o["rewards_equal_recorded"] = .number(Decimal(outcomes.filter { $0.reward == $0.recordedReward }.count))
        }
        o["outputs_matched"] = .number(Decimal(outcomes.map(\.outputsMatched).reduce(0, +)))
        o["outputs_total"] = .number(Decimal(outcomes.map(\.outputsTotal).reduce(0, +)))
        return .object(o)
    }

    // MARK: - Quality

    func quality(_ results: [ScenarioResult], invalid: Int) -> [String: JSONValue] {
        var m: [String: JSONValue] = [:]
        let total = results.count + invalid
        func count(_ s: ScenarioStatus) -> Int { results.filter { $0.status == s }.count }
        m["counts"] = ["total": .number(Decimal(total)), "pass": .number(Decimal(count(.pass))),
                       "fail": .number(Decimal(count(.fail))), "error": .number(Decimal(count(.error))),
                       "invalid": .number(Decimal(invalid))]
        m["errors"] = .number(Decimal(count(.error)))
        m["scenario_pass_rate"] = Rate(count(.pass), of: total).json

        let scored = results.flatMap(\.checks).filter { $0.passed != nil }
        m["accuracy"] = Rate(scored.filter { $0.passed == true }.count, of: scored.count).json
        let intents = results.flatMap(\.checks).filter { $0.kind == "intent" && $0.passed != nil }
        m["intent_accuracy"] = Rate(intents.filter { $0.passed == true }.count, of: intents.count).json

        let replies = results.map(\.record.agentReplies.count).reduce(0, +)
        let ungrounded = results.map { Set($0.hallucinations.map(\.turn)).count }.reduce(0, +)
        m["hallucination_rate"] = Rate(ungrounded, of: replies).json
        m["hallucinations"] = .number(Decimal(results.map(\.hallucinations.count).reduce(0, +)))

        let compliant = results.filter { !$0.violations.contains { !$0.waived } }.count
        m["policy_compliance"] = Rate(compliant, of: results.count).json
        var bySeverity: [String: JSONValue] = [:]
        for s in Severity.allCases {
            bySeverity[s.rawValue] = .number(Decimal(results.flatMap(\.violations).filter { !$0.waived && $0.severity == s }.count))
        }
        m["violations"] = .object(bySeverity)

        let tp = results.filter { $0.record.escalated && $0.figures.escalationExpected }.count
        let fp = results.filter { $0.record.escalated && !$0.figures.escalationExpected }.count
        let fn = results.filter { !$0.record.escalated && $0.figures.escalationExpected }.count
        let tn = results.count - tp - fp - fn
        let precision = Rate(tp, of: tp + fp), recall = Rate(tp, of: tp + fn)
        m["escalation_precision"] = precision.json
        m["escalation_recall"] = recall.json
        var f1: JSONValue = .null
        if let p = precision.value, let r = recall.value { f1 = .number(Rate.round(p + r > 0 ? 2 * p * r / (p + r) : 0)) }
        m["escalation_f1"] = ["value": f1, "n": .number(Decimal(tp + fp + fn))]
        m["escalation_confusion"] = ["true_positive": .number(Decimal(tp)), "false_positive": .number(Decimal(fp)),
                                     "false_negative": .number(Decimal(fn)), "true_negative": .number(Decimal(tn))]
        let qualities = results.compactMap(\.figures.handoffQuality)
        m["handoff_quality"] = ["value": qualities.isEmpty ? .null : .number(Rate.round(qualities.reduce(0, +) / Double(qualities.count))),
                                "n": .number(Decimal(qualities.count))]
        return m
    }

    // MARK: - KPIs

    func kpis(_ results: [ScenarioResult]) -> [String: JSONValue] {
        var m: [String: JSONValue] = [:]
        let n = results.count
        let resolved = results.filter { $0.status != .error && $0.record.resolution == .resolved }
        let escalated = results.filter { $0.status != .error && $0.record.resolution == .escalated }
        m["automation_rate"] = Rate(resolved.count, of: n).json
        m["escalation_rate"] = Rate(escalated.count, of: n).json
        m["frt_ms"] = Distribution(results.compactMap(\.record.frtMs)).json
        m["resolution_ms"] = Distribution(resolved.map(\.record.durationMs)).json
        m["handoff_ms"] = Distribution(escalated.map(\.record.durationMs)).json

        let expectedResolved = results.filter { r in
            r.record.scenario.expect.resolution == .resolved
                || (r.record.scenario.expect.resolution == nil && !r.figures.escalationExpected)
        }
        m["fcr"] = Rate(expectedResolved.filter { $0.record.resolution == .resolved && !$0.record.escalated && $0.status == .pass }.count,
                        of: expectedResolved.count).json
        let withSLA = results.filter { $0.figures.slaMet != nil }
        m["sla_compliance"] = Rate(withSLA.filter { $0.figures.slaMet == true }.count, of: withSLA.count).json

        let scores = results.map(\.csat)
        m["csat_estimate"] = [
            "mean": scores.isEmpty ? .null : .number(Rate.round(Double(scores.reduce(0, +)) / Double(scores.count))),
            "csat": Rate(scores.filter { $0 >= 4 }.count, of: scores.count).json,
            "note": "an estimate from the conversation alone (metrics.md), not a survey",
        ]

        let costs = config.costs
        let inputTokens = results.map(\.figures.inputTokens).reduce(0, +)
        let outputTokens = results.map(\.figures.outputTokens).reduce(0, +)
        let tokenCost = Decimal(inputTokens) / 1000 * costs.perThousandInputTokens + Decimal(outputTokens) / 1000 * costs.perThousandOutputTokens
        let humanCost = Decimal(escalated.count) * costs.humanMinutesPerEscalation * costs.humanMinute
        let finished = resolved.count + escalated.count
        m["cost_per_resolution"] = [
            "value": finished > 0 ? .number(Self.money((tokenCost + humanCost) / Decimal(finished))) : .null,
            "n": .number(Decimal(finished)), "token_cost": .number(Self.money(tokenCost)), "human_cost": .number(Self.money(humanCost)),
            "input_tokens": .number(Decimal(inputTokens)), "output_tokens": .number(Decimal(outputTokens)),
        ]
        // What grading and simulating cost, beside what the agent cost (only when a judge or a
        // model-driven customer ran).
        for (name, input, output) in [("judge", \ConversationFigures.judgeInputTokens, \ConversationFigures.judgeOutputTokens),
                                      ("customer", \.customerInputTokens, \.customerOutputTokens)] {
            let tokensIn = results.map { $0.figures[keyPath: input] }.reduce(0, +)
            let tokensOut = results.map { $0.figures[keyPath: output] }.reduce(0, +)
            guard tokensIn + tokensOut > 0, case .object(var cost)? = m["cost_per_resolution"] else { continue }
            cost["\(name)_input_tokens"] = .number(Decimal(tokensIn))
            cost["\(name)_output_tokens"] = .number(Decimal(tokensOut))
            cost["\(name)_cost"] = .number(Self.money(Decimal(tokensIn) / 1000 * costs.perThousandInputTokens
                                                      + Decimal(tokensOut) / 1000 * costs.perThousandOutputTokens))
            m["cost_per_resolution"] = .object(cost)
        }

        let trials = Dictionary(grouping: results, by: \.id)
        let k = trials.values.map(\.count).max() ?? 1
        if k > 1 {
            let groups = Array(trials.values)
            m["pass_hat_k"] = Rate(groups.filter { $0.allSatisfy { $0.status == .pass } }.count, of: groups.count).json
            m["pass_at_k"] = Rate(groups.filter { $0.contains { $0.status == .pass } }.count, of: groups.count).json
            m["flaky"] = Rate(groups.filter { g in g.contains { $0.status == .pass } && g.contains { $0.status != .pass } }.count,
                              of: groups.count).json
            m["k"] = .number(Decimal(k))
        }
        return m
    }

    static func money(_ d: Decimal) -> Decimal {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, 4, .plain)
        return r
    }

    // MARK: - Breakdowns

    func breakdown(_ results: [ScenarioResult], by key: (ScenarioResult) -> String) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (group, rs) in Dictionary(grouping: results, by: key) {
            let scores = rs.map(\.csat)
            out[group] = [
                "n": .number(Decimal(rs.count)),
                "scenario_pass_rate": Rate(rs.filter { $0.status == .pass }.count, of: rs.count).json,
                "automation_rate": Rate(rs.filter { $0.status != .error && $0.record.resolution == .resolved }.count, of: rs.count).json,
                "escalation_rate": Rate(rs.filter { $0.status != .error && $0.record.resolution == .escalated }.count, of: rs.count).json,
                "policy_compliance": Rate(rs.filter { !$0.violations.contains { !$0.waived } }.count, of: rs.count).json,
                "frt_ms": Distribution(rs.compactMap(\.record.frtMs)).json,
                "csat_mean": .number(Rate.round(Double(scores.reduce(0, +)) / Double(max(1, scores.count)))),
            ]
        }
        return .object(out)
    }
}

/// metrics.md, "Automation readiness": the rollout phase each intent's evidence supports.
public struct Readiness: Sendable {
    public enum Phase: String, Sendable { case autonomous, assisted, readOnly = "read-only" }
    let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func phase(_ results: [ScenarioResult]) -> Phase {
        let passes = results.filter { $0.status == .pass }.count
        let low = Statistics.wilson(passes, results.count)?.low ?? 0
        let critical = results.contains { $0.violations.contains { !$0.waived && $0.severity == .critical } }
        if low >= NSDecimalNumber(decimal: config.readinessAutonomous).doubleValue && !critical { return .autonomous }
        if low >= NSDecimalNumber(decimal: config.readinessAssisted).doubleValue { return .assisted }
        return .readOnly
    }

    /// Per intent, never per tag: a scenario counts under the first intent it expects, and one
    /// that expects none is not part of any intent's readiness.
    public func json(_ results: [ScenarioResult]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        let withIntent = results.filter { $0.record.scenario.turns.contains { $0.expect.intent != nil } }
        let groups = Dictionary(grouping: withIntent) { r in r.record.scenario.turns.lazy.compactMap(\.expect.intent).first ?? "" }
        for (intent, rs) in groups {
            let passes = rs.filter { $0.status == .pass }.count
            var row: [String: JSONValue] = [
                "phase": .string(phase(rs).rawValue), "pass_rate": Rate(passes, of: rs.count).json,
                "critical_violations": .number(Decimal(rs.flatMap(\.violations).filter { !$0.waived && $0.severity == .critical }.count)),
            ]
            row["needed_for_autonomous"] = neededForAutonomous(passes: passes, of: rs.count).map { .number(Decimal($0)) } ?? .null
            out[intent] = .object(row)
        }
        return .object(out)
    }

    /// How many more passing scenarios would lift the intent's Wilson lower bound to the
    /// autonomous bar (0 when it is there already); nil when no number of them would.
    public func neededForAutonomous(passes: Int, of n: Int) -> Int? {
        let bar = NSDecimalNumber(decimal: config.readinessAutonomous).doubleValue
        guard bar < 1 else { return (Statistics.wilson(passes, n)?.low ?? 0) >= 1 ? 0 : nil }
        for extra in 0...100_000 where (Statistics.wilson(passes + extra, n + extra)?.low ?? 0) >= bar {
            return extra
        }
        return nil
    }
}
