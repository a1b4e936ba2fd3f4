import Foundation
import SupportSimCore

/// The escalation figures of metrics.md: whether a conversation should have been handed to a
/// human, and how useful the hand-off was when it was.
public enum EscalationScoring {
    /// Expected when the scenario expects `resolution: escalated`, or a `must_escalate` policy
    /// applies that the scenario does not waive (a waiver says the rule deliberately does not apply).
    public static func expected(_ record: ConversationRecord, engine: PolicyEngine) -> Bool {
        if record.scenario.expect.resolution == .escalated { return true }
        return engine.mustEscalate(record).contains { !record.scenario.waive.contains($0.id) }
    }

    /// For an escalated conversation, the share of the hand-off's fields that are present and not
    /// blank: reason, priority, summary, customer id, intent, actions taken, next step. The customer
    /// id is counted only when the scenario knows its customer: an anonymous chat cannot name one.
    /// Nil when the conversation was not escalated. `handoff_quality` is the mean of these values.
    public static func handoffQuality(_ record: ConversationRecord) -> Double? {
        guard let handoff = record.handoff else { return nil }
        var fields = [
            filled(handoff.reason), filled(handoff.priority), filled(handoff.summary), filled(handoff.intent),
            handoff.actionsTaken.contains { filled($0) }, filled(handoff.nextStep),
        ]
        if record.scenario.customer != nil { fields.append(filled(handoff.customerID)) }
        return Double(fields.filter { $0 }.count) / Double(fields.count)
    }

    private static func filled(_ text: String?) -> Bool {
        guard let text else { return false }
        return !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
