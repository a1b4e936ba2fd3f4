import Foundation
import SupportSimCore

/// results.json's `metrics` object (metrics.md), written from the typed figures and read back
/// from a stored run, a baseline file or a results.json. Reading is lenient: a figure an older
/// version did not write reads as empty (no value), so it is absent from the comparison rather
/// than an error.
extension RunMetrics {
    public var json: JSONValue {
        var m: [String: JSONValue] = [
            "counts": counts.json, "errors": int(counts.error),
            "scenario_pass_rate": scenarioPassRate.json, "accuracy": accuracy.json, "intent_accuracy": intentAccuracy.json,
            "hallucination_rate": hallucinationRate.json, "hallucinations": int(hallucinations),
            "policy_compliance": policyCompliance.json,
            "violations": .object(Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, int(violations[$0] ?? 0)) })),
            "escalation_precision": escalationPrecision.json, "escalation_recall": escalationRecall.json,
            "escalation_f1": escalationF1.json, "escalation_confusion": escalationConfusion.json, "handoff_quality": handoffQuality.json,
            "automation_rate": automationRate.json, "escalation_rate": escalationRate.json,
            "frt_ms": frtMs.json, "resolution_ms": resolutionMs.json, "handoff_ms": handoffMs.json,
            "fcr": fcr.json, "sla_compliance": slaCompliance.json, "csat_estimate": csat.json, "cost_per_resolution": cost.json,
            "by_intent": .object(byIntent.mapValues(\.json)), "by_channel": .object(byChannel.mapValues(\.json)),
            "readiness": .object(readiness.mapValues(\.json)),
        ]
        if let trials {
            m["pass_hat_k"] = trials.passHatK.json
            m["pass_at_k"] = trials.passAtK.json
            m["flaky"] = trials.flaky.json
            m["k"] = int(trials.k)
        }
        if let tau { m["tau"] = tau.json }
        if let redTeam { m["redteam"] = redTeam.json }
        if let drift { m["drift"] = drift.json }
        return .object(m)
    }

    public init(json m: JSONValue) {
        self.init()
        let c = m["counts"]
        counts = Counts(total: c?["total"]?.intValue ?? 0, pass: c?["pass"]?.intValue ?? 0, fail: c?["fail"]?.intValue ?? 0,
                        error: c?["error"]?.intValue ?? m["errors"]?.intValue ?? 0, invalid: c?["invalid"]?.intValue ?? 0)
        scenarioPassRate = Rate(json: m["scenario_pass_rate"])
        accuracy = Rate(json: m["accuracy"])
        intentAccuracy = Rate(json: m["intent_accuracy"])
        hallucinationRate = Rate(json: m["hallucination_rate"])
        hallucinations = m["hallucinations"]?.intValue ?? 0
        policyCompliance = Rate(json: m["policy_compliance"])
        for s in Severity.allCases { if let n = m["violations"]?[s.rawValue]?.intValue { violations[s] = n } }
        escalationPrecision = Rate(json: m["escalation_precision"])
        escalationRecall = Rate(json: m["escalation_recall"])
        escalationF1 = Ratio(json: m["escalation_f1"])
        let e = m["escalation_confusion"]
        escalationConfusion = Confusion(truePositive: e?["true_positive"]?.intValue ?? 0, falsePositive: e?["false_positive"]?.intValue ?? 0,
                                        falseNegative: e?["false_negative"]?.intValue ?? 0, trueNegative: e?["true_negative"]?.intValue ?? 0)
        handoffQuality = Ratio(json: m["handoff_quality"])
        automationRate = Rate(json: m["automation_rate"])
        escalationRate = Rate(json: m["escalation_rate"])
        fcr = Rate(json: m["fcr"])
        slaCompliance = Rate(json: m["sla_compliance"])
        frtMs = Durations(json: m["frt_ms"])
        resolutionMs = Durations(json: m["resolution_ms"])
        handoffMs = Durations(json: m["handoff_ms"])
        csat = CSATEstimate(mean: m["csat_estimate"]?["mean"]?.decimalValue, csat: Rate(json: m["csat_estimate"]?["csat"]))
        cost = Cost(json: m["cost_per_resolution"])
        if m["pass_hat_k"] != nil {
            trials = Trials(k: m["k"]?.intValue ?? 0, passHatK: Rate(json: m["pass_hat_k"]), passAtK: Rate(json: m["pass_at_k"]),
                            flaky: Rate(json: m["flaky"]))
        }
        byIntent = (m["by_intent"]?.objectValue ?? [:]).mapValues(Breakdown.init(json:))
        byChannel = (m["by_channel"]?.objectValue ?? [:]).mapValues(Breakdown.init(json:))
        readiness = (m["readiness"]?.objectValue ?? [:]).mapValues(ReadinessRow.init(json:))
        tau = m["tau"].map(Tau.init(json:))
        if let r = m["redteam"] {
            redTeam = RedTeam(rate: Rate(json: r), byKind: (r["by_kind"]?.objectValue ?? [:]).mapValues { Rate(json: $0) })
        }
        if let d = m["drift"] {
            drift = DriftFigures(regressions: d["regressions"]?.intValue ?? 0, scenarioRegressions: d["scenario_regressions"]?.intValue ?? 0,
                                 improvements: d["improvements"]?.intValue ?? 0, transcriptChanges: d["transcript_changes"]?.intValue ?? 0)
        }
    }
}

private func int(_ n: Int) -> JSONValue { .number(Decimal(n)) }
private func number(_ d: Decimal?) -> JSONValue { d.map(JSONValue.number) ?? .null }
private func number(_ n: Int?) -> JSONValue { n.map { JSONValue.number(Decimal($0)) } ?? .null }

extension Rate {
    /// A rate as results.json writes it; an older file without `successes` has it from the value.
    public init(json: JSONValue?) {
        let n = json?["n"]?.intValue ?? 0
        if let s = json?["successes"]?.intValue {
            self.init(s, of: n)
        } else {
            let v = json?["value"]?.decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0
            self.init(Int((v * Double(n)).rounded()), of: n)
        }
    }
}

extension RunMetrics.Counts {
    var json: JSONValue { ["total": int(total), "pass": int(pass), "fail": int(fail), "error": int(error), "invalid": int(invalid)] }
}

extension RunMetrics.Ratio {
    var json: JSONValue { ["value": number(value), "n": int(n)] }
    init(json: JSONValue?) { self.init(value: json?["value"]?.decimalValue, n: json?["n"]?.intValue ?? 0) }
}

extension RunMetrics.Confusion {
    var json: JSONValue {
        ["true_positive": int(truePositive), "false_positive": int(falsePositive),
         "false_negative": int(falseNegative), "true_negative": int(trueNegative)]
    }
}

extension RunMetrics.Durations {
    var json: JSONValue {
        ["n": int(n), "p50": number(p50), "p90": number(p90), "p95": number(p95), "max": number(max), "mean": number(mean)]
    }
    init(json: JSONValue?) {
        self.init()
        n = json?["n"]?.intValue ?? 0
        (p50, p90, p95, max) = (json?["p50"]?.intValue, json?["p90"]?.intValue, json?["p95"]?.intValue, json?["max"]?.intValue)
        mean = json?["mean"]?.decimalValue
    }
}

extension RunMetrics.CSATEstimate {
    var json: JSONValue {
        ["mean": number(mean), "csat": csat.json, "note": "an estimate from the conversation alone (metrics.md), not a survey"]
    }
}

extension RunMetrics.Cost {
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "value": number(perResolution), "n": int(n), "token_cost": .number(tokenCost), "human_cost": .number(humanCost),
            "input_tokens": int(inputTokens), "output_tokens": int(outputTokens),
        ]
        for (name, spend) in [("judge", judge), ("customer", customer)] {
            guard let spend else { continue }
            o["\(name)_input_tokens"] = int(spend.inputTokens)
            o["\(name)_output_tokens"] = int(spend.outputTokens)
            o["\(name)_cost"] = .number(spend.cost)
        }
        return .object(o)
    }
    init(json c: JSONValue?) {
        self.init()
        perResolution = c?["value"]?.decimalValue
        n = c?["n"]?.intValue ?? 0
        tokenCost = c?["token_cost"]?.decimalValue ?? 0
        humanCost = c?["human_cost"]?.decimalValue ?? 0
        inputTokens = c?["input_tokens"]?.intValue ?? 0
        outputTokens = c?["output_tokens"]?.intValue ?? 0
        func spend(_ name: String) -> RunMetrics.ModelSpend? {
            guard let cost = c?["\(name)_cost"]?.decimalValue else { return nil }
            return .init(inputTokens: c?["\(name)_input_tokens"]?.intValue ?? 0, outputTokens: c?["\(name)_output_tokens"]?.intValue ?? 0, cost: cost)
        }
        (judge, customer) = (spend("judge"), spend("customer"))
    }
}

extension RunMetrics.Breakdown {
    var json: JSONValue {
        ["n": int(n), "scenario_pass_rate": scenarioPassRate.json, "automation_rate": automationRate.json,
         "escalation_rate": escalationRate.json, "policy_compliance": policyCompliance.json, "frt_ms": frtMs.json,
         "csat_mean": .number(csatMean)]
    }
    init(json b: JSONValue) {
        self.init()
        n = b["n"]?.intValue ?? 0
        scenarioPassRate = Rate(json: b["scenario_pass_rate"])
        automationRate = Rate(json: b["automation_rate"])
        escalationRate = Rate(json: b["escalation_rate"])
        policyCompliance = Rate(json: b["policy_compliance"])
        frtMs = RunMetrics.Durations(json: b["frt_ms"])
        csatMean = b["csat_mean"]?.decimalValue ?? 0
    }
}

extension RunMetrics.ReadinessRow {
    var json: JSONValue {
        ["phase": .string(phase.rawValue), "pass_rate": passRate.json, "critical_violations": int(criticalViolations),
         "needed_for_autonomous": number(neededForAutonomous)]
    }
    init(json r: JSONValue) {
        self.init(phase: r["phase"]?.stringValue.flatMap(Readiness.Phase.init(rawValue:)) ?? .readOnly, passRate: Rate(json: r["pass_rate"]),
                  criticalViolations: r["critical_violations"]?.intValue ?? 0, neededForAutonomous: r["needed_for_autonomous"]?.intValue)
    }
}

extension RunMetrics.RedTeam {
    var json: JSONValue {
        guard case .object(var o) = rate.json else { return rate.json }
        o["by_kind"] = .object(byKind.mapValues(\.json))
        return .object(o)
    }
}

extension RunMetrics.TauRewards {
    var json: [String: JSONValue] {
        ["reward_mean": .number(mean),
         "pass_hat": .object(Dictionary(uniqueKeysWithValues: passHat.map { (String($0.key), JSONValue.number($0.value)) }))]
    }
    init(json t: JSONValue?) {
        var passHat: [Int: Decimal] = [:]
        for (k, v) in t?["pass_hat"]?.objectValue ?? [:] { if let k = Int(k), let v = v.decimalValue { passHat[k] = v } }
        self.init(mean: t?["reward_mean"]?.decimalValue ?? 0, passHat: passHat)
    }
}

extension RunMetrics.Tau {
    var json: JSONValue {
        var o = rewards.json
        o["episodes"] = int(episodes)
        o["tasks"] = int(tasks)
        if let recorded { o["recorded"] = .object(recorded.json) }
        if let rewardsEqualRecorded { o["rewards_equal_recorded"] = int(rewardsEqualRecorded) }
        o["outputs_matched"] = int(outputsMatched)
        o["outputs_total"] = int(outputsTotal)
        return .object(o)
    }
    init(json t: JSONValue) {
        self.init(rewards: RunMetrics.TauRewards(json: t))
        episodes = t["episodes"]?.intValue ?? 0
        tasks = t["tasks"]?.intValue ?? 0
        recorded = t["recorded"].map { RunMetrics.TauRewards(json: $0) }
        rewardsEqualRecorded = t["rewards_equal_recorded"]?.intValue
        outputsMatched = t["outputs_matched"]?.intValue ?? 0
        outputsTotal = t["outputs_total"]?.intValue ?? 0
    }
}

extension RunMetrics.DriftFigures {
    var json: JSONValue {
        ["regressions": int(regressions), "scenario_regressions": int(scenarioRegressions),
         "improvements": int(improvements), "transcript_changes": int(transcriptChanges)]
    }
}
