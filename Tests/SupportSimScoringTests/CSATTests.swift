import Foundation
import SupportSimCore
import SupportSimScoring
import Testing

/// metrics.md's CSAT estimate, against values worked out by hand.
struct CSATTests {
    static func record(resolution: Resolution, escalated: Bool) -> ConversationRecord {
        let scenario = Scenario(id: "s", turns: [ScenarioTurn(customer: "hi")])
        return ConversationRecord(
            scenario: scenario, trial: 1, conversationID: "s#1", start: Date(timeIntervalSince1970: 0),
            transcript: [TranscriptEntry(speaker: .customer, text: "hi", atMs: 0, turn: 0, scriptedTurn: 0, scripted: true)],
            audit: [], finalWorld: World(), handoff: escalated ? Handoff(reason: "r", priority: "normal", summary: "s") : nil,
            handoffTurn: escalated ? 0 : nil, endReason: resolution == .unresolved ? .replyLimit : .scriptDone, error: nil, endMs: 0)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var resolution: Resolution
        var escalated: Bool
        var expected: Bool
        var repeated: Int
        var frtOverSLA: Bool
        var hallucinated: Bool
        var score: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "perfect", resolution: .resolved, escalated: false, expected: false, repeated: 0, frtOverSLA: false, hallucinated: false, score: 5),
        Case(name: "unresolved: 5 - 2", resolution: .unresolved, escalated: false, expected: false, repeated: 0, frtOverSLA: false, hallucinated: false, score: 3),
        Case(name: "needless escalation: 5 - 1", resolution: .escalated, escalated: true, expected: false, repeated: 0, frtOverSLA: false, hallucinated: false, score: 4),
        Case(name: "missed escalation: 5 - 1", resolution: .resolved, escalated: false, expected: true, repeated: 0, frtOverSLA: false, hallucinated: false, score: 4),
        Case(name: "asked twice again: 5 - 2", resolution: .resolved, escalated: false, expected: false, repeated: 2, frtOverSLA: false, hallucinated: false, score: 3),
        Case(name: "slow and ungrounded: 5 - 1 - 1", resolution: .resolved, escalated: false, expected: false, repeated: 0, frtOverSLA: true, hallucinated: true, score: 3),
        Case(name: "everything wrong, floored at 1", resolution: .unresolved, escalated: false, expected: true, repeated: 3, frtOverSLA: true, hallucinated: true, score: 1),
    ]

    @Test(arguments: cases)
    func csat(_ c: Case) {
        var f = ConversationFigures()
        f.escalationExpected = c.expected
        f.repeatedAsks = c.repeated
        f.firstResponseWithinSLA = c.frtOverSLA ? false : true
        #expect(f.csat(Self.record(resolution: c.resolution, escalated: c.escalated), hallucinated: c.hallucinated) == c.score)
    }
}
