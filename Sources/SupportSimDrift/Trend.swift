import Foundation
import SupportSimCore
import SupportSimHistory

/// Each KPI over the last runs of a suite, oldest first: the data of the HTML report's trend chart.
public struct Trend: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var runID: String
        public var startedAt: String
        public var values: [String: Double]
    }

    /// The catalogue's trend metrics, in its order.
    public static let kpis = MetricCatalogue.with(.trend).map(\.name)
    public static let defaultLength = 20

    public var points: [Point]

    /// The `complete` runs of `suite` up to and including `run` (when it is complete), at most `limit`.
    public static func load(store: any RunHistory, suite: String, upTo run: StoredRun?, limit: Int = defaultLength) throws -> Trend {
        var runs = try store.completeRuns(suite: suite, before: run, limit: limit)
        if let run, run.status == .complete {
            runs.insert(run, at: 0)
            runs = Array(runs.prefix(limit))
        }
        let points = try runs.reversed().map { r in
            let metrics = try store.metrics(runID: r.id)
            return Point(runID: r.id, startedAt: r.startedAt,
                         values: Dictionary(uniqueKeysWithValues: kpis.compactMap { k in metrics[k]?.value.map { (k, $0) } }))
        }
        return Trend(points: points)
    }

    public var json: JSONValue {
        [
            "kpis": .array(Self.kpis.map { .string($0) }),
            "runs": .array(points.map { p in
                ["id": .string(p.runID), "started_at": .string(p.startedAt),
                 "values": .object(p.values.mapValues { .number(Decimal(string: String(format: "%.6f", $0)) ?? 0) })]
            }),
        ]
    }

    /// `▁▃▅█`: one character per run, for the terminal and Markdown.
    public func sparkline(_ kpi: String) -> String {
        let values = points.compactMap { $0.values[kpi] }
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { v in hi == lo ? bars[3] : bars[Int(((v - lo) / (hi - lo) * 7).rounded())] })
    }
}
