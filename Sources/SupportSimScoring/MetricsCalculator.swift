import Foundation
import SupportSimCore

/// The run's figures (metrics.md), computed from scored conversations alone. Every rate carries
/// its n and 95% Wilson interval.
public struct MetricsCalculator: Sendable {
    public let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func metrics(_ results: [ScenarioResult], invalid: Int = 0) -> JSONValue {
        metrics(facts: results.map(ConversationFacts.init), invalid: invalid)
    }

    /// The same figures from each conversation's facts, in result order.
    public func metrics(facts results: [ConversationFacts], invalid: Int = 0) -> JSONValue {
        var m = quality(results, invalid: invalid)
        for (k, v) in kpis(results) { m[k] = v }
        m["by_intent"] = breakdown(results, by: \.primaryIntent)
        m["by_channel"] = breakdown(results, by: \.channel)
        m["readiness"] = Readiness(config: config).json(results)
        if let tau = Self.tau(results) { m["tau"] = tau }
        if let redTeam = Self.redTeam(results) { m["redteam"] = redTeam }
        return .object(m)
    }

    /// The pass rate of the red-team scenarios (tag `redteam`, docs/red-team.md), overall and by
    /// attack kind (tag `redteam-<kind>`): how the agent holds up under attack, kept apart from
    /// how it serves customers. Absent when the run has none.
    static func redTeam(_ results: [ConversationFacts]) -> JSONValue? {
        var passes = 0, total = 0
        var kinds: [String: (passes: Int, total: Int)] = [:]
        for r in results {
            guard let kind = r.redTeamKind else { continue }
            let pass = r.status == .pass ? 1 : 0
            passes += pass
            total += 1
            kinds[kind, default: (0, 0)].passes += pass
            kinds[kind, default: (0, 0)].total += 1
        }
        guard total > 0, case .object(var o) = Rate(passes, of: total).json else { return nil }
        o["by_kind"] = .object(kinds.mapValues { Rate($0.passes, of: $0.total).json })
        return .object(o)
    }

    // MARK: - tau-bench

    /// A tau suite's figures as tau-bench reports them (mean reward, pass^k over trials), with
    /// the same figures for the recorded rewards when the episodes were recorded.
    static func tau(_ results: [ConversationFacts]) -> JSONValue? {
        let outcomes = results.compactMap(\.tau)
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

    func quality(_ results: [ConversationFacts], invalid: Int) -> [String: JSONValue] {
        var m: [String: JSONValue] = [:]
        let total = results.count + invalid
        var statuses: [ScenarioStatus: Int] = [:]
        var checks = (scored: 0, passed: 0), intents = (scored: 0, passed: 0)
        var replies = 0, ungrounded = 0, hallucinations = 0, compliant = 0
        var bySeverity = [Int](repeating: 0, count: Severity.allCases.count)
        var tp = 0, fp = 0, fn = 0
        var qualities: [Double] = []
        for r in results {
            statuses[r.status, default: 0] += 1
            checks.scored += r.scoredChecks
            checks.passed += r.passedChecks
            intents.scored += r.scoredIntentChecks
            intents.passed += r.passedIntentChecks
            replies += r.agentReplies
            ungrounded += r.ungroundedReplies
            hallucinations += r.hallucinations
            if r.compliant { compliant += 1 }
            for (i, n) in r.violationsBySeverity.enumerated() { bySeverity[i] += n }
            switch (r.escalated, r.figures.escalationExpected) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, true): fn += 1
            case (false, false): break
            }
            if let q = r.figures.handoffQuality { qualities.append(q) }
        }
        func count(_ s: ScenarioStatus) -> Int { statuses[s] ?? 0 }
        m["counts"] = ["total": .number(Decimal(total)), "pass": .number(Decimal(count(.pass))),
                       "fail": .number(Decimal(count(.fail))), "error": .number(Decimal(count(.error))),
                       "invalid": .number(Decimal(invalid))]
        m["errors"] = .number(Decimal(count(.error)))
        m["scenario_pass_rate"] = Rate(count(.pass), of: total).json
        m["accuracy"] = Rate(checks.passed, of: checks.scored).json
        m["intent_accuracy"] = Rate(intents.passed, of: intents.scored).json
        m["hallucination_rate"] = Rate(ungrounded, of: replies).json
        m["hallucinations"] = .number(Decimal(hallucinations))
        m["policy_compliance"] = Rate(compliant, of: results.count).json
        m["violations"] = .object(Dictionary(uniqueKeysWithValues: zip(Severity.allCases.map(\.rawValue),
                                                                       bySeverity.map { .number(Decimal($0)) })))

        let tn = results.count - tp - fp - fn
        let precision = Rate(tp, of: tp + fp), recall = Rate(tp, of: tp + fn)
        m["escalation_precision"] = precision.json
        m["escalation_recall"] = recall.json
        var f1: JSONValue = .null
        if let p = precision.value, let r = recall.value { f1 = .number(Rate.round(p + r > 0 ? 2 * p * r / (p + r) : 0)) }
        m["escalation_f1"] = ["value": f1, "n": .number(Decimal(tp + fp + fn))]
        m["escalation_confusion"] = ["true_positive": .number(Decimal(tp)), "false_positive": .number(Decimal(fp)),
                                     "false_negative": .number(Decimal(fn)), "true_negative": .number(Decimal(tn))]
        m["handoff_quality"] = ["value": qualities.isEmpty ? .null : .number(Rate.round(qualities.reduce(0, +) / Double(qualities.count))),
                                "n": .number(Decimal(qualities.count))]
        return m
    }

    // MARK: - KPIs

    func kpis(_ results: [ConversationFacts]) -> [String: JSONValue] {
        var m: [String: JSONValue] = [:]
        let n = results.count
        var frts: [Int] = [], resolvedDurations: [Int] = [], escalatedDurations: [Int] = []
        var expectedResolved = 0, firstContact = 0, withSLA = 0, slaMet = 0
        var scores: [Int] = []
        scores.reserveCapacity(n)
        var tokens = (input: 0, output: 0, judgeIn: 0, judgeOut: 0, customerIn: 0, customerOut: 0)
        var trials: [String: (count: Int, passes: Int)] = [:]
        for r in results {
            if let frt = r.frtMs { frts.append(frt) }
            let (resolved, escalated) = r.agentOutcome
            if resolved { resolvedDurations.append(r.durationMs) }
            if escalated { escalatedDurations.append(r.durationMs) }
            if r.expectedResolution == .resolved || (r.expectedResolution == nil && !r.figures.escalationExpected) {
                expectedResolved += 1
                if r.resolution == .resolved && !r.escalated && r.status == .pass { firstContact += 1 }
            }
            if let met = r.figures.slaMet {
                withSLA += 1
                if met { slaMet += 1 }
            }
            scores.append(r.csat)
            let f = r.figures
            tokens.input += f.inputTokens
            tokens.output += f.outputTokens
            tokens.judgeIn += f.judgeInputTokens
            tokens.judgeOut += f.judgeOutputTokens
            tokens.customerIn += f.customerInputTokens
            tokens.customerOut += f.customerOutputTokens
            trials[r.id, default: (0, 0)].count += 1
            if r.status == .pass { trials[r.id, default: (0, 0)].passes += 1 }
        }
        m["automation_rate"] = Rate(resolvedDurations.count, of: n).json
        m["escalation_rate"] = Rate(escalatedDurations.count, of: n).json
        m["frt_ms"] = Distribution(frts).json
        m["resolution_ms"] = Distribution(resolvedDurations).json
        m["handoff_ms"] = Distribution(escalatedDurations).json
        m["fcr"] = Rate(firstContact, of: expectedResolved).json
        m["sla_compliance"] = Rate(slaMet, of: withSLA).json
        m["csat_estimate"] = [
            "mean": scores.isEmpty ? .null : .number(Rate.round(Double(scores.reduce(0, +)) / Double(scores.count))),
            "csat": Rate(scores.filter { $0 >= 4 }.count, of: scores.count).json,
            "note": "an estimate from the conversation alone (metrics.md), not a survey",
        ]

        let costs = config.costs
        let tokenCost = Decimal(tokens.input) / 1000 * costs.perThousandInputTokens + Decimal(tokens.output) / 1000 * costs.perThousandOutputTokens
        let humanCost = Decimal(escalatedDurations.count) * costs.humanMinutesPerEscalation * costs.humanMinute
        let finished = resolvedDurations.count + escalatedDurations.count
        var cost: [String: JSONValue] = [
            "value": finished > 0 ? .number(Self.money((tokenCost + humanCost) / Decimal(finished))) : .null,
            "n": .number(Decimal(finished)), "token_cost": .number(Self.money(tokenCost)), "human_cost": .number(Self.money(humanCost)),
            "input_tokens": .number(Decimal(tokens.input)), "output_tokens": .number(Decimal(tokens.output)),
        ]
        // What grading and simulating cost, beside what the agent cost (only when a judge or a
        // model-driven customer ran).
        for (name, tokensIn, tokensOut) in [("judge", tokens.judgeIn, tokens.judgeOut), ("customer", tokens.customerIn, tokens.customerOut)]
        where tokensIn + tokensOut > 0 {
            cost["\(name)_input_tokens"] = .number(Decimal(tokensIn))
            cost["\(name)_output_tokens"] = .number(Decimal(tokensOut))
            cost["\(name)_cost"] = .number(Self.money(Decimal(tokensIn) / 1000 * costs.perThousandInputTokens
                                                      + Decimal(tokensOut) / 1000 * costs.perThousandOutputTokens))
        }
        m["cost_per_resolution"] = .object(cost)

        let k = trials.values.map(\.count).max() ?? 1
        if k > 1 {
            let groups = Array(trials.values)
            m["pass_hat_k"] = Rate(groups.filter { $0.passes == $0.count }.count, of: groups.count).json
            m["pass_at_k"] = Rate(groups.filter { $0.passes > 0 }.count, of: groups.count).json
            m["flaky"] = Rate(groups.filter { $0.passes > 0 && $0.passes < $0.count }.count, of: groups.count).json
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

    func breakdown(_ results: [ConversationFacts], by key: KeyPath<ConversationFacts, String>) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (group, rs) in Dictionary(grouping: results, by: { $0[keyPath: key] }) {
            let scores = rs.map(\.csat)
            out[group] = [
                "n": .number(Decimal(rs.count)),
                "scenario_pass_rate": Rate(rs.filter { $0.status == .pass }.count, of: rs.count).json,
                "automation_rate": Rate(rs.filter { $0.agentOutcome.resolved }.count, of: rs.count).json,
                "escalation_rate": Rate(rs.filter { $0.agentOutcome.escalated }.count, of: rs.count).json,
                "policy_compliance": Rate(rs.filter(\.compliant).count, of: rs.count).json,
                "frt_ms": Distribution(rs.compactMap(\.frtMs)).json,
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

    public func phase(_ results: [ConversationFacts]) -> Phase {
        let passes = results.filter { $0.status == .pass }.count
        let low = Statistics.wilson(passes, results.count)?.low ?? 0
        let critical = results.contains { $0.criticalViolations > 0 }
        if low >= NSDecimalNumber(decimal: config.readinessAutonomous).doubleValue && !critical { return .autonomous }
        if low >= NSDecimalNumber(decimal: config.readinessAssisted).doubleValue { return .assisted }
        return .readOnly
    }

    /// Per intent, never per tag: a scenario counts under the first intent it expects, and one
    /// that expects none is not part of any intent's readiness.
    public func json(_ results: [ConversationFacts]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        let withIntent = results.filter { $0.readinessIntent != nil }
        let groups = Dictionary(grouping: withIntent) { $0.readinessIntent ?? "" }
        for (intent, rs) in groups {
            let passes = rs.filter { $0.status == .pass }.count
            var row: [String: JSONValue] = [
                "phase": .string(phase(rs).rawValue), "pass_rate": Rate(passes, of: rs.count).json,
                "critical_violations": .number(Decimal(rs.map(\.criticalViolations).reduce(0, +))),
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
