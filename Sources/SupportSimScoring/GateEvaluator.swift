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
    /// The figure at `path` in a results.json `metrics` object: a rate's `value` or a number.
    public static func value(at path: [String], in metrics: JSONValue) -> Decimal? {
        var node: JSONValue? = metrics
        for part in path { node = node?[part] }
        if let d = node?["value"] { return d.decimalValue }
        if case .number(let d)? = node { return d }
        return nil
    }

    public static func value(of metric: String, in metrics: JSONValue) -> Decimal? {
        value(at: MetricCatalogue.named(metric)?.path ?? metric.split(separator: ".").map(String.init), in: metrics)
    }

    public static func evaluate(_ gates: [Gate], metrics: JSONValue) -> [GateVerdict] {
        gates.map { g in
            let v = value(at: g.path, in: metrics)
            var ok = v != nil
            if let v, let min = g.min, v < min { ok = false }
            if let v, let max = g.max, v > max { ok = false }
            return GateVerdict(gate: g, value: v, passed: ok)
        }
    }
}
