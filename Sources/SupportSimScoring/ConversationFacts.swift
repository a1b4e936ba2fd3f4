import Foundation
import SupportSimCore

/// What the run's metrics read of one scored conversation, taken once: counts, flags and
/// figures, no transcript. The metrics are aggregates over these, so they never copy a whole
/// result (a result holds its transcript, audit log and checks, and each copy retains them),
/// and a run can keep these for every conversation where it could not keep every result.
public struct ConversationFacts: Sendable, Hashable {
    public var id: String
    public var status: ScenarioStatus
    public var resolution: Resolution
    public var escalated: Bool
    public var figures: ConversationFigures
    /// The resolution the scenario expects, if it says.
    public var expectedResolution: Resolution?
    public var frtMs: Int?
    public var durationMs: Int
    public var csat: Int
    public var scoredChecks: Int
    public var passedChecks: Int
    public var scoredIntentChecks: Int
    public var passedIntentChecks: Int
    public var agentReplies: Int
    /// Replies with at least one ungrounded claim, and the claims.
    public var ungroundedReplies: Int
    public var hallucinations: Int
    /// Violations not waived, by severity (in `Severity.allCases` order).
    public var violationsBySeverity: [Int]
    public var primaryIntent: String
    public var channel: String
    /// The first intent the scenario expects: what readiness counts it under (nil: none).
    public var readinessIntent: String?
    /// Nil for a scenario that is not a red-team attack; else its kind (`other` when untagged).
    public var redTeamKind: String?
    public var tau: TauEpisodeOutcome?

    public init(_ r: ScenarioResult) {
        let rec = r.record, scenario = rec.scenario
        id = scenario.id
        status = r.status
        resolution = rec.resolution
        escalated = rec.escalated
        figures = r.figures
        expectedResolution = scenario.expect.resolution
        frtMs = rec.frtMs
        durationMs = rec.durationMs
        csat = r.csat
        var scored = 0, passed = 0, intentScored = 0, intentPassed = 0
        for c in r.checks {
            guard let p = c.passed else { continue }
            scored += 1
            if p { passed += 1 }
            if c.kind == "intent" {
                intentScored += 1
                if p { intentPassed += 1 }
            }
        }
        scoredChecks = scored
        passedChecks = passed
        scoredIntentChecks = intentScored
        passedIntentChecks = intentPassed
        agentReplies = rec.transcript.reduce(0) { $0 + ($1.speaker == .agent ? 1 : 0) }
        ungroundedReplies = Set(r.hallucinations.map(\.turn)).count
        hallucinations = r.hallucinations.count
        violationsBySeverity = Severity.allCases.map { s in r.violations.filter { !$0.waived && $0.severity == s }.count }
        primaryIntent = scenario.primaryIntent
        channel = scenario.channel.rawValue
        readinessIntent = scenario.turns.lazy.compactMap(\.expect.intent).first
        redTeamKind = scenario.tags.contains("redteam")
            ? (scenario.tags.first { $0.hasPrefix("redteam-") }.map { String($0.dropFirst("redteam-".count)) } ?? "other") : nil
        tau = rec.tau
    }

    public var compliant: Bool { violationsBySeverity.allSatisfy { $0 == 0 } }
    public var criticalViolations: Int { violationsBySeverity[Severity.allCases.firstIndex(of: .critical)!] }
    /// Resolved or escalated by the agent (not an error): what automation and cost count.
    public var agentOutcome: (resolved: Bool, escalated: Bool) {
        (status != .error && resolution == .resolved, status != .error && resolution == .escalated)
    }
}
