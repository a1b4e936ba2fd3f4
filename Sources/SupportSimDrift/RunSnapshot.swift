import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimScoring

/// What drift needs of one scenario trial, from whichever source: a stored run, a run in memory,
/// or `goldens/baseline.json`.
public struct ScenarioSnapshot: Sendable, Hashable {
    public var id: String
    public var trial: Int
    public var status: String
    /// The scenario's primary intent (its first expected intent, else its first tag).
    public var intent: String
    public var channel: String
    public var frtMs: Int?
    public var resolutionMs: Int?
    /// The intents the agent reported, one per reply that reported one.
    public var reportedIntents: [String]
    /// The agent's replies in order; nil when the source holds none (baseline.json).
    public var replies: [String]?
    /// Why it did not pass, for reports.
    public var reasons: [String]

    public var key: String { trial == 1 ? id : "\(id)#\(trial)" }

    public init(id: String, trial: Int, status: String, intent: String, channel: String, frtMs: Int?, resolutionMs: Int?,
                reportedIntents: [String], replies: [String]?, reasons: [String] = [])
    {
        self.id = id
        self.trial = trial
        self.status = status
        self.intent = intent
        self.channel = channel
        self.frtMs = frtMs
        self.resolutionMs = resolutionMs
        self.reportedIntents = reportedIntents
        self.replies = replies
        self.reasons = reasons
    }

    /// From a scored trial in memory: what `init(resultsObject:)` reads from the trial's
    /// results.json object, without encoding it first (a run's drift read every conversation
    /// back from JSON).
    public init(result r: ScenarioResult) {
        let rec = r.record
        var reasons: [String] = []
        if let e = rec.error { reasons.append("error: \(e)") }
        for c in r.checks where c.passed == false { reasons.append(c.summary) }
        for v in r.violations where !v.waived { reasons.append("policy \(v.policy): \(v.evidence)") }
        for h in r.hallucinations { reasons.append("ungrounded \(h.kind) \"\(h.claim)\"") }
        let agentEntries = rec.transcript.filter { $0.speaker == .agent }
        // A spooled conversation keeps its replies' text for trial 1 only: drift compares no other.
        let keepsReplies = r.spooled == nil || r.trial == 1
        self.init(id: r.id, trial: r.trial, status: r.status.rawValue, intent: rec.scenario.primaryIntent,
                  channel: rec.scenario.channel.rawValue, frtMs: rec.frtMs,
                  resolutionMs: rec.resolution == .resolved ? rec.durationMs : nil,
                  reportedIntents: agentEntries.compactMap { $0.reply?.intent }, replies: keepsReplies ? agentEntries.map(\.text) : nil, reasons: reasons)
    }

    /// From a scenario's object of results.json.
    public init(resultsObject o: JSONValue) {
        let agentEntries = (o["transcript"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == "agent" }
        var reasons: [String] = []
        if let e = o["error"]?.stringValue { reasons.append("error: \(e)") }
        for c in o["checks"]?.arrayValue ?? [] where c["passed"] == .bool(false) {
            let place = c["turn"]?.intValue.map { "turn \($0): " } ?? ""
            reasons.append("\(place)\(c["kind"]?.stringValue ?? "check"): expected \(c["expected"]?.displayText ?? "?"), "
                           + "got \(c["actual"]?.displayText ?? "?")")
        }
        for v in o["violations"]?.arrayValue ?? [] where v["waived"] != .bool(true) {
            reasons.append("policy \(v["policy"]?.stringValue ?? "?"): \(v["evidence"]?.stringValue ?? "")")
        }
        for h in o["hallucinations"]?.arrayValue ?? [] {
            reasons.append("ungrounded \(h["kind"]?.stringValue ?? "claim") \"\(h["claim"]?.stringValue ?? "")\"")
        }
        for e in o["errors"]?.arrayValue ?? [] { reasons.append(e.displayText) }
        self.init(id: o["id"]?.stringValue ?? "?", trial: o["trial"]?.intValue ?? 1, status: o["status"]?.stringValue ?? "error",
                  intent: o["intent"]?.stringValue ?? "untagged", channel: o["channel"]?.stringValue ?? "chat",
                  frtMs: o["frt_ms"]?.intValue, resolutionMs: o["resolution_ms"]?.intValue,
                  reportedIntents: agentEntries.compactMap { $0["intent"]?.stringValue },
                  replies: agentEntries.map { $0["text"]?.stringValue ?? "" }, reasons: reasons)
    }
}

/// One side of a drift comparison.
public struct RunSnapshot: Sendable {
    /// How the report names it: `run 20261123-…`, `baseline (goldens/baseline.json)`.
    public var label: String
    public var runID: String?
    public var suite: String
    public var agent: String
    public var metrics: RunMetrics
    public var scenarios: [ScenarioSnapshot]

    public init(label: String, runID: String?, suite: String, agent: String, metrics: RunMetrics, scenarios: [ScenarioSnapshot]) {
        self.label = label
        self.runID = runID
        self.suite = suite
        self.agent = agent
        self.metrics = metrics
        self.scenarios = scenarios.sorted { ($0.id, $0.trial) < ($1.id, $1.trial) }
    }

    /// A stored run, with every conversation stored for it.
    public init(store: any RunHistory, run: StoredRun) throws {
        let scenarios = try store.conversations(runID: run.id).map { ScenarioSnapshot(resultsObject: $0.resultJSON) }
        self.init(label: "run \(run.id)", runID: run.id, suite: run.suite, agent: run.agent,
                  metrics: RunMetrics(json: run.metricsJSON ?? [:]), scenarios: scenarios)
    }

    /// A run's `results.json` (for example a CI artifact of a `--no-history` run).
    public init(results: JSONValue, label: String) {
        let run = results["run"]
        self.init(label: label, runID: run?["id"]?.stringValue, suite: run?["suite"]?.stringValue ?? "",
                  agent: run?["agent"]?.stringValue ?? "", metrics: RunMetrics(json: results["metrics"] ?? [:]),
                  scenarios: (results["scenarios"]?.arrayValue ?? []).map(ScenarioSnapshot.init(resultsObject:)))
    }

    /// `goldens/baseline.json` (see `BaselineFile`).
    public init(baseline: JSONValue, label: String = "baseline (goldens/baseline.json)") {
        let scenarios = (baseline["scenarios"]?.arrayValue ?? []).map { s in
            ScenarioSnapshot(id: s["id"]?.stringValue ?? "?", trial: s["trial"]?.intValue ?? 1,
                             status: s["status"]?.stringValue ?? "error", intent: s["intent"]?.stringValue ?? "untagged",
                             channel: s["channel"]?.stringValue ?? "chat", frtMs: s["frt_ms"]?.intValue,
                             resolutionMs: s["resolution_ms"]?.intValue,
                             reportedIntents: s["reported_intents"]?.arrayValue?.compactMap(\.stringValue) ?? [], replies: nil)
        }
        self.init(label: label, runID: nil, suite: baseline["suite"]?.stringValue ?? "", agent: baseline["agent"]?.stringValue ?? "",
                  metrics: RunMetrics(json: baseline["metrics"] ?? [:]), scenarios: scenarios)
    }

    public var reportedIntentCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for s in scenarios { for i in s.reportedIntents { counts[i, default: 0] += 1 } }
        return counts
    }
}
