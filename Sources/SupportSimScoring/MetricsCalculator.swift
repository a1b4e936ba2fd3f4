import Foundation
import SupportSimCore

/// The run's figures (metrics.md), computed from scored conversations alone. Every rate carries
/// its n and 95% Wilson interval.
public struct MetricsCalculator: Sendable {
    public let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func metrics(_ results: [ScenarioResult], invalid: Int = 0) -> RunMetrics {
        metrics(facts: results.map(ConversationFacts.init), invalid: invalid)
    }

    /// The same figures from each conversation's facts, in result order.
    public func metrics(facts results: [ConversationFacts], invalid: Int = 0) -> RunMetrics {
        var m = RunMetrics()
        quality(results, invalid: invalid, into: &m)
        kpis(results, into: &m)
        m.byIntent = breakdown(results, by: \.primaryIntent)
        m.byChannel = breakdown(results, by: \.channel)
        m.readiness = Readiness(config: config).rows(results)
        m.tau = Self.tau(results)
        m.redTeam = Self.redTeam(results)
        return m
    }

    /// The pass rate of the red-team scenarios (tag `redteam`, docs/red-team.md), overall and by
    /// attack kind (tag `redteam-<kind>`): how the agent holds up under attack, kept apart from
    /// how it serves customers. Absent when the run has none.
    static func redTeam(_ results: [ConversationFacts]) -> RunMetrics.RedTeam? {
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
        guard total > 0 else { return nil }
        return RunMetrics.RedTeam(rate: Rate(passes, of: total), byKind: kinds.mapValues { Rate($0.passes, of: $0.total) })
    }

    // MARK: - tau-bench

    /// A tau suite's figures as tau-bench reports them (mean reward, pass^k over trials), with
    /// the same figures for the recorded rewards when the episodes were recorded.
    static func tau(_ results: [ConversationFacts]) -> RunMetrics.Tau? {
        let outcomes = results.compactMap(\.tau)
        guard !outcomes.isEmpty else { return nil }
        func number(_ d: Double) -> Decimal {
            var value = Decimal(string: String(format: "%.6f", d)) ?? 0, rounded = Decimal()
            NSDecimalRound(&rounded, &value, 6, .plain)
            return rounded
        }
        func figures(_ rewards: [(taskID: Int, trial: Int, reward: Double)]) -> RunMetrics.TauRewards {
            let mean = rewards.map(\.reward).reduce(0, +) / Double(rewards.count)
            return RunMetrics.TauRewards(mean: number(mean), passHat: TauPassHat.values(rewards).mapValues(number))
        }
        let rewards = outcomes.map { (taskID: $0.taskID, trial: $0.trial, reward: NSDecimalNumber(decimal: $0.reward).doubleValue) }
        var t = RunMetrics.Tau(rewards: figures(rewards))
        t.episodes = outcomes.count
        t.tasks = Set(outcomes.map(\.taskID)).count
        let recorded = outcomes.compactMap { o in
            o.recordedReward.map { (taskID: o.taskID, trial: o.trial, reward: NSDecimalNumber(decimal: $0).doubleValue) }
        }
        if recorded.count == outcomes.count {
            t.recorded = figures(recorded)
            t.rewardsEqualRecorded = outcomes.filter { $0.reward == $0.recordedReward }.count
        }
        t.outputsMatched = outcomes.map(\.outputsMatched).reduce(0, +)
        t.outputsTotal = outcomes.map(\.outputsTotal).reduce(0, +)
        return t
    }

    // MARK: - Quality

    func quality(_ results: [ConversationFacts], invalid: Int, into m: inout RunMetrics) {
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
        m.counts = .init(total: total, pass: count(.pass), fail: count(.fail), error: count(.error), invalid: invalid)
        m.scenarioPassRate = Rate(count(.pass), of: total)
        m.accuracy = Rate(checks.passed, of: checks.scored)
        m.intentAccuracy = Rate(intents.passed, of: intents.scored)
        m.hallucinationRate = Rate(ungrounded, of: replies)
        m.hallucinations = hallucinations
        m.policyCompliance = Rate(compliant, of: results.count)
        m.violations = Dictionary(uniqueKeysWithValues: zip(Severity.allCases, bySeverity))

        let tn = results.count - tp - fp - fn
        let precision = Rate(tp, of: tp + fp), recall = Rate(tp, of: tp + fn)
        m.escalationPrecision = precision
        m.escalationRecall = recall
        var f1: Decimal?
        if let p = precision.value, let r = recall.value { f1 = Rate.round(p + r > 0 ? 2 * p * r / (p + r) : 0) }
        m.escalationF1 = .init(value: f1, n: tp + fp + fn)
        m.escalationConfusion = .init(truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn)
        m.handoffQuality = .init(value: qualities.isEmpty ? nil : Rate.round(qualities.reduce(0, +) / Double(qualities.count)),
                                 n: qualities.count)
    }

    // MARK: - KPIs

    func kpis(_ results: [ConversationFacts], into m: inout RunMetrics) {
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
        m.automationRate = Rate(resolvedDurations.count, of: n)
        m.escalationRate = Rate(escalatedDurations.count, of: n)
        m.frtMs = .init(frts)
        m.resolutionMs = .init(resolvedDurations)
        m.handoffMs = .init(escalatedDurations)
        m.fcr = Rate(firstContact, of: expectedResolved)
        m.slaCompliance = Rate(slaMet, of: withSLA)
        m.csat = .init(mean: scores.isEmpty ? nil : Rate.round(Double(scores.reduce(0, +)) / Double(scores.count)),
                       csat: Rate(scores.filter { $0 >= 4 }.count, of: scores.count))

        let costs = config.costs
        func tokenCost(_ input: Int, _ output: Int) -> Decimal {
            Decimal(input) / 1000 * costs.perThousandInputTokens + Decimal(output) / 1000 * costs.perThousandOutputTokens
        }
        let agentTokens = tokenCost(tokens.input, tokens.output)
        let humanCost = Decimal(escalatedDurations.count) * costs.humanMinutesPerEscalation * costs.humanMinute
        let finished = resolvedDurations.count + escalatedDurations.count
        var cost = RunMetrics.Cost()
        cost.perResolution = finished > 0 ? Self.money((agentTokens + humanCost) / Decimal(finished)) : nil
        cost.n = finished
        cost.tokenCost = Self.money(agentTokens)
        cost.humanCost = Self.money(humanCost)
        (cost.inputTokens, cost.outputTokens) = (tokens.input, tokens.output)
        // What grading and simulating cost, beside what the agent cost (only when a judge or a
        // model-driven customer ran).
        func spend(_ input: Int, _ output: Int) -> RunMetrics.ModelSpend? {
            input + output > 0 ? .init(inputTokens: input, outputTokens: output, cost: Self.money(tokenCost(input, output))) : nil
        }
        cost.judge = spend(tokens.judgeIn, tokens.judgeOut)
        cost.customer = spend(tokens.customerIn, tokens.customerOut)
        m.cost = cost

        let k = trials.values.map(\.count).max() ?? 1
        if k > 1 {
            let groups = Array(trials.values)
            m.trials = .init(k: k, passHatK: Rate(groups.filter { $0.passes == $0.count }.count, of: groups.count),
                             passAtK: Rate(groups.filter { $0.passes > 0 }.count, of: groups.count),
                             flaky: Rate(groups.filter { $0.passes > 0 && $0.passes < $0.count }.count, of: groups.count))
        }
    }

    static func money(_ d: Decimal) -> Decimal {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, 4, .plain)
        return r
    }

    // MARK: - Breakdowns

    func breakdown(_ results: [ConversationFacts], by key: KeyPath<ConversationFacts, String>) -> [String: RunMetrics.Breakdown] {
        var out: [String: RunMetrics.Breakdown] = [:]
        // Grouped by position: grouping the facts themselves copied every one of them.
        for (group, positions) in Dictionary(grouping: results.indices, by: { results[$0][keyPath: key] }) {
            var passed = 0, resolved = 0, escalated = 0, compliant = 0, csat = 0
            var frt: [Int] = []
            for i in positions {
                let outcome = results[i].agentOutcome
                if results[i].status == .pass { passed += 1 }
                if outcome.resolved { resolved += 1 }
                if outcome.escalated { escalated += 1 }
                if results[i].compliant { compliant += 1 }
                if let f = results[i].frtMs { frt.append(f) }
                csat += results[i].csat
            }
            var b = RunMetrics.Breakdown()
            b.n = positions.count
            b.scenarioPassRate = Rate(passed, of: positions.count)
            b.automationRate = Rate(resolved, of: positions.count)
            b.escalationRate = Rate(escalated, of: positions.count)
            b.policyCompliance = Rate(compliant, of: positions.count)
            b.frtMs = .init(frt)
            b.csatMean = Rate.round(Double(csat) / Double(max(1, positions.count)))
            out[group] = b
        }
        return out
    }
}

/// metrics.md, "Automation readiness": the rollout phase each intent's evidence supports.
public struct Readiness: Sendable {
    public enum Phase: String, Sendable { case autonomous, assisted, readOnly = "read-only" }
    let config: SuiteConfig
    public init(config: SuiteConfig) { self.config = config }

    public func phase(_ results: [ConversationFacts]) -> Phase {
        let passes = results.count(where: { $0.status == .pass })
        let low = Statistics.wilson(passes, results.count)?.low ?? 0
        let critical = results.contains { $0.criticalViolations > 0 }
        if low >= NSDecimalNumber(decimal: config.readinessAutonomous).doubleValue && !critical { return .autonomous }
        if low >= NSDecimalNumber(decimal: config.readinessAssisted).doubleValue { return .assisted }
        return .readOnly
    }

    /// Per intent, never per tag: a scenario counts under the first intent it expects, and one
    /// that expects none is not part of any intent's readiness.
    public func rows(_ results: [ConversationFacts]) -> [String: RunMetrics.ReadinessRow] {
        var out: [String: RunMetrics.ReadinessRow] = [:]
        let withIntent = results.filter { $0.readinessIntent != nil }
        let groups = Dictionary(grouping: withIntent) { $0.readinessIntent ?? "" }
        for (intent, rs) in groups {
            let passes = rs.count(where: { $0.status == .pass })
            out[intent] = .init(phase: phase(rs), passRate: Rate(passes, of: rs.count),
                                criticalViolations: rs.map(\.criticalViolations).reduce(0, +),
                                neededForAutonomous: neededForAutonomous(passes: passes, of: rs.count))
        }
        return out
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
