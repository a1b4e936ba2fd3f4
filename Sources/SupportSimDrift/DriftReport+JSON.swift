import Foundation
import SupportSimCore

/// `drift.json`: everything in the report, for machines and the HTML report.
extension DriftReport {
    static func number(_ x: Double) -> JSONValue {
        guard x.isFinite else { return .null }
        return .number(Decimal(string: String(format: "%.6f", x)) ?? 0)
    }

    /// JSON numbers are written with at most 10 decimal places (JSONValue), which would print a
    /// p-value of 1e-12 as 0: p is written to six significant digits, never below 1e-10, and
    /// its exact magnitude beside it as text (`p_text`).
    static func pValue(_ p: Double) -> JSONValue {
        guard p.isFinite else { return .null }
        return .number(Decimal(string: String(format: "%.6g", max(p, 1e-10)), locale: Locale(identifier: "en_US_POSIX")) ?? 0)
    }

    static func pText(_ p: Double) -> JSONValue { .string(String(format: "%.3g", p)) }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "schema": 1,
            "baseline": .string(baselineLabel),
            "current": .string(currentLabel),
            "settings": ["alpha": Self.number(settings.alpha), "min_effect": Self.number(settings.minEffect),
                         "transcript_similarity": Self.number(settings.transcriptSimilarity)],
            "summary": ["regressions": .number(Decimal(regressionCount)), "improvements": .number(Decimal(improvementCount)),
                        "changes": .number(Decimal(findings.filter { $0.label == .change }.count)),
                        "scenario_regressions": .number(Decimal(scenarios.regressions.count)),
                        "transcript_changes": .number(Decimal(transcripts.count))],
            "findings": .array(findings.map(Self.findingJSON)),
            "scenarios": [
                "regressions": .array(scenarios.regressions.map(Self.changeJSON)),
                "fixes": .array(scenarios.fixes.map(Self.changeJSON)),
                "new": .array(scenarios.new.map(Self.changeJSON)),
                "removed": .array(scenarios.removed.map(Self.changeJSON)),
                "newly_erroring": .array(scenarios.newlyErroring.map(Self.changeJSON)),
            ],
            "transcripts": [
                "reference": transcriptReference.map(JSONValue.string) ?? .null,
                "changes": .array(transcripts.map { t in
                    ["scenario": .string(t.scenario), "reply": .number(Decimal(t.reply)), "similarity": Self.number(t.similarity),
                     "golden": .string(t.golden), "current": .string(t.current), "diff": .string(t.diff)]
                }),
            ],
            "intent_mix": [
                "baseline": .object(intentMix.baseline.mapValues { .number(Decimal($0)) }),
                "current": .object(intentMix.current.mapValues { .number(Decimal($0)) }),
                "chi_square": Self.number(intentMix.chiSquare.statistic),
                "dof": .number(Decimal(intentMix.chiSquare.degreesOfFreedom)),
                "p": Self.pValue(intentMix.chiSquare.p),
                "psi": Self.number(intentMix.psi), "psi_level": .string(intentMix.psiLabel),
            ],
        ]
        if let trend { o["trend"] = trend.json }
        if let coverage { o["coverage"] = coverage.json }
        return .object(o)
    }

    static func findingJSON(_ f: DriftFinding) -> JSONValue {
        [
            "metric": .string(f.metric), "kind": .string(f.kind.rawValue), "test": .string(f.test),
            "label": .string(f.label.rawValue), "significant": .bool(f.significant),
            "baseline": f.baseline, "current": f.current, "figures": .string(f.figures),
            "effect": ["name": .string(f.effectName), "value": number(f.effect),
                       "ci_low": f.effectLow.map(number) ?? .null, "ci_high": f.effectHigh.map(number) ?? .null],
            "p": pValue(f.p), "p_adjusted": pValue(f.adjustedP),
            "p_text": pText(f.p), "p_adjusted_text": pText(f.adjustedP),
        ]
    }

    static func changeJSON(_ c: ScenarioChange) -> JSONValue {
        ["scenario": .string(c.scenario), "from": c.from.map(JSONValue.string) ?? .null, "to": c.to.map(JSONValue.string) ?? .null,
         "reasons": .array(c.reasons.map { .string($0) })]
    }
}
