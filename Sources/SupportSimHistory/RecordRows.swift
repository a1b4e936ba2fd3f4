import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// The rows a run's writes store, built the same way for every `RunHistory`: one place decides
/// what a conversation, a check, a finding and a metric row hold.
package enum RecordRows {
    /// The row of `runs` that `beginRun` inserts.
    package static func begun(_ info: RunInfo, configHash: String?, process: ProcessIdentity) -> StoredRun {
        StoredRun(
            id: info.id, startedAt: HistoryTime.timestamp(info.startedAt), finishedAt: nil, suite: info.suite, agent: info.agent,
            gitCommit: info.gitCommit, configHash: configHash, status: .running, repeatCount: info.repeatCount,
            filters: JSONValue.array(info.filters.map { .string($0) }).jsonText(), pid: process.pid,
            hostname: process.hostname, processStart: process.startToken, passRate: nil, passed: nil, gates: nil, metrics: nil)
    }

    /// A scored conversation with its checks and findings (their `conversationID` is set on insert).
    package static func conversation(_ result: ScenarioResult, runID: String, json: JSONValue?) -> StoredRunContents.Conversation {
        let object = json ?? ScenarioResultJSON.encode(result)
        let rec = result.record
        let conversation = StoredConversation(
            id: nil, runID: runID, scenarioID: result.id, trial: result.trial, status: result.status.rawValue,
            intent: rec.scenario.primaryIntent, channel: rec.scenario.channel.rawValue, frtMs: rec.frtMs,
            resolutionMs: rec.resolution == .resolved ? rec.durationMs : nil, resolution: rec.resolution.rawValue,
            result: object.jsonText())
        let checks = result.checks.map { c in
            StoredCheck(id: nil, conversationID: 0, kind: c.kind, passed: c.passed, turn: c.turn,
                        expected: c.expected.jsonText(), actual: c.actual.jsonText(), note: c.note)
        }
        let violations = result.violations.map { v in
            StoredFinding(id: nil, conversationID: 0, kind: "violation", name: v.policy, severity: v.severity.rawValue,
                          turn: v.turn, detail: v.evidence, sentence: nil, waived: v.waived)
        }
        let hallucinations = result.hallucinations.map { h in
            StoredFinding(id: nil, conversationID: 0, kind: "hallucination", name: h.kind, severity: nil,
                          turn: h.turn, detail: h.claim, sentence: h.sentence, waived: false)
        }
        return .init(conversation: conversation, checks: checks, findings: violations + hallucinations)
    }

    /// A scenario file that could not be loaded, as a conversation of status `invalid`.
    package static func invalid(_ invalid: InvalidScenario, runID: String) -> StoredConversation {
        let object: JSONValue = ["id": .string(invalid.id), "file": .string(invalid.file), "trial": 1, "status": "invalid",
                                 "errors": .array(invalid.diagnostics.map { .string($0.description) })]
        return StoredConversation(id: nil, runID: runID, scenarioID: invalid.id, trial: 1, status: "invalid",
                                  intent: nil, channel: nil, frtMs: nil, resolutionMs: nil, resolution: nil,
                                  result: object.jsonText())
    }

    /// What `finishRun` stores: the metric rows, and the run's outcome columns.
    package struct Finish: Sendable {
        package var metrics: [StoredMetric]
        package var finishedAt: String
        package var passRate: Double?
        package var passed: Bool
        package var gates: String
        package var metricsJSON: String
    }

    package static func finish(_ run: RunRecord) -> Finish {
        let json = run.metrics.json
        let metrics = MetricRows.flatten(json).map { name, figure in
            StoredMetric(runID: run.info.id, name: name, value: figure.value, successes: figure.successes, n: figure.n)
        }
        let passRate = run.metrics.scenarioPassRate.roundedValue.map { NSDecimalNumber(decimal: $0).doubleValue }
        return Finish(metrics: metrics, finishedAt: HistoryTime.timestamp(run.info.finishedAt), passRate: passRate,
                      passed: run.passed, gates: JSONValue.array(run.gates.map(\.json)).jsonText(),
                      metricsJSON: json.jsonText())
    }
}

/// Run times as stored: UTC with milliseconds always present, so that text order is time order.
public enum HistoryTime {
    public static func timestamp(_ date: Date) -> String {
        let text = ISODate.formatDateTime(date)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }
}

extension StoredRun {
    /// Whether the process that writes this `running` run is gone (on this host; see `ProcessIdentity`).
    package var writerIsGone: Bool {
        guard status == .running, let pid else { return false }
        return ProcessIdentity.isGone(pid: pid, hostname: hostname, startToken: processStart)
    }

    /// As a read-only store shows it: a run whose process is gone as `incomplete`, as the next
    /// writer will mark it.
    package var shownToReader: StoredRun {
        guard writerIsGone else { return self }
        var shown = self
        shown.status = .incomplete
        return shown
    }
}

/// The schema's migrations, by name, oldest first: every implementation registers exactly these
/// (its own SQL dialect), records the applied ones in a schema version table, and upgrades an
/// older database in place, never rebuilding it, since it holds the only copy of past runs.
public enum HistorySchema {
    public static let migrations = ["v1-runs-and-conversations", "v2-append-only"]
}
