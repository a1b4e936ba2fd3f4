import Foundation
import SupportSimCore

/// Coverage drift (`--traffic`): the intent mix of real traffic, classified by an intent model
/// the caller gives (the CLI gives the reference agent's), against the suite's scenarios' primary intents. Intents common in traffic and
/// rare in the suite come first: they are where the suite under-tests the agent.
public struct CoverageDrift: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var intent: String
        public var trafficCount: Int
        public var scenarioCount: Int
        public var trafficShare: Double
        public var scenarioShare: Double
        /// trafficShare − scenarioShare: positive when the suite under-represents the intent.
        public var gap: Double { trafficShare - scenarioShare }
    }

    public var messages: Int
    public var skippedLines: Int
    public var rows: [Row]
    public var psi: Double

    /// - Parameters: `traffic` the messages; `scenarioIntents` one primary intent per scenario;
    ///   `intent` names a message's intent.
    public init(traffic: [String], skippedLines: Int = 0, scenarioIntents: [String],
                intent: (String) -> String) {
        var trafficCounts: [String: Int] = [:]
        for m in traffic { trafficCounts[intent(m), default: 0] += 1 }
        var suiteCounts: [String: Int] = [:]
        for i in scenarioIntents { suiteCounts[i, default: 0] += 1 }
        let tt = max(1, traffic.count), st = max(1, scenarioIntents.count)
        rows = Set(trafficCounts.keys).union(suiteCounts.keys).map { i in
            Row(intent: i, trafficCount: trafficCounts[i] ?? 0, scenarioCount: suiteCounts[i] ?? 0,
                trafficShare: Double(trafficCounts[i] ?? 0) / Double(tt), scenarioShare: Double(suiteCounts[i] ?? 0) / Double(st))
        }.sorted { ($1.gap, $0.intent) < ($0.gap, $1.intent) }
        messages = traffic.count
        self.skippedLines = skippedLines
        psi = PopulationStability.index(baseline: suiteCounts, current: trafficCounts)
    }

    /// Reads `{"message": "...", "at": "..."}` lines; lines without a message are counted, not fatal.
    public static func readTraffic(_ jsonl: String) -> (messages: [String], skipped: Int) {
        var messages: [String] = [], skipped = 0
        for line in jsonl.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            if let m = (try? JSONValue.parse(String(line)))?["message"]?.stringValue { messages.append(m) } else { skipped += 1 }
        }
        return (messages, skipped)
    }

    public var json: JSONValue {
        [
            "messages": .number(Decimal(messages)), "skipped_lines": .number(Decimal(skippedLines)),
            "psi": .number(Decimal(string: String(format: "%.6f", psi)) ?? 0),
            "intents": .array(rows.map { r in
                ["intent": .string(r.intent), "traffic": .number(Decimal(r.trafficCount)), "scenarios": .number(Decimal(r.scenarioCount)),
                 "traffic_share": .number(Decimal(string: String(format: "%.6f", r.trafficShare)) ?? 0),
                 "scenario_share": .number(Decimal(string: String(format: "%.6f", r.scenarioShare)) ?? 0)]
            }),
        ]
    }
}
