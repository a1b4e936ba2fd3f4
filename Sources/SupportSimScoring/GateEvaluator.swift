import Foundation
import SupportSimCore

public struct GateVerdict: Sendable, Hashable {
    public var gate: Gate
    public var value: Decimal?
    public var passed: Bool

    public var json: JSONValue {
        var o: [String: JSONValue] = ["metric": .string(gate.metric), "value": value.map(JSONValue.number) ?? .null,
                                      "passed": .bool(passed)]
        if let min = gate.min { o["min"] = .number(min) }
        if let max = gate.max { o["max"] = .number(max) }
        return .object(o)
    }

    public var line: String {
        let bound = [gate.min.map { "min \($0.plainString)" }, gate.max.map { "max \($0.plainString)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return "\(passed ? "PASS" : "FAIL")  \(gate.metric) = \(value?.plainString ?? "n/a")  (\(bound))"
    }
}

/// Gates (metrics.md): each threshold against the run's metrics. A metric with no value (no data)
/// fails its gate: a gate must never pass by having nothing to measure.
public enum GateEvaluator {
    public static func evaluate(_ gates: [Gate], metrics: RunMetrics) -> [GateVerdict] {
        gates.map { g in
            // The loader resolves every gate's name against the catalogue; one that is not there
            // (only code can make it) has no value, and fails.
            let v = g.definition.flatMap(metrics.value(of:))
            var ok = v != nil
            if let v, let min = g.min, v < min { ok = false }
            if let v, let max = g.max, v > max { ok = false }
            return GateVerdict(gate: g, value: v, passed: ok)
        }
    }
}
