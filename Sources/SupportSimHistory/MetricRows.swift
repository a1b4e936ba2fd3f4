import Foundation
import SupportSimCore

/// Flattens a run's metrics JSON into named figures for the `metrics` table: a rate (an object
/// with `value`) is one figure with its count; any other number is a figure of its own; strings
/// (readiness phases, notes) are left to the metrics JSON of the run.
enum MetricRows {
    struct Figure: Sendable, Hashable {
        var value: Double?
        var successes: Int?
        var n: Int?
    }

    static func flatten(_ metrics: JSONValue) -> [(String, Figure)] {
        var out: [(String, Figure)] = []
        walk(metrics, path: "", into: &out)
        return out.sorted { $0.0 < $1.0 }
    }

    private static func walk(_ node: JSONValue, path: String, into out: inout [(String, Figure)]) {
        switch node {
        case .object(let o):
            if !path.isEmpty, o["value"] != nil {
                out.append((path, Figure(value: double(o["value"]), successes: o["successes"]?.intValue, n: o["n"]?.intValue)))
                return
            }
            for (k, v) in o { walk(v, path: path.isEmpty ? k : path + "." + k, into: &out) }
        case .number(let d):
            if !path.isEmpty { out.append((path, Figure(value: NSDecimalNumber(decimal: d).doubleValue))) }
        default:
            return
        }
    }

    private static func double(_ v: JSONValue?) -> Double? {
        v?.decimalValue.map { NSDecimalNumber(decimal: $0).doubleValue }
    }
}
