import Foundation
import SupportSimCore

/// Evaluates a scenario's `expect:` blocks against a played conversation, one `Check` per
/// expectation, each with what was expected and what happened.
public struct ExpectationChecker: Sendable {
    public init() {}

    public func checks(_ record: ConversationRecord) -> [Check] {
        var result: [Check] = []
        for (index, turn) in record.scenario.turns.enumerated() {
            let span = record.transcript.filter { $0.scriptedTurn == index }
            guard span.contains(where: { $0.speaker == .customer && $0.scripted }) else {
                result.append(Check(kind: "turn.reached", passed: false, expected: "the scripted turn is played",
                                    actual: .string("the conversation ended before it (\(record.endReason.rawValue))"),
                                    turn: index))
                continue
            }
            result += turnChecks(turn.expect, index: index, span: span, record: record)
        }
        result += conversationChecks(record)
        result += JudgeChecks.checks(record)
        return result
    }

    // MARK: - Turns

    func turnChecks(_ e: TurnExpectation, index: Int, span: [TranscriptEntry], record: ConversationRecord) -> [Check] {
        var checks: [Check] = []
        let replies = span.filter { $0.speaker == .agent }
        let texts = replies.map(\.text)
        let calls = record.audit.filter { entry in replies.contains { $0.auditRange.contains(entry.seq) } }
        if let intent = e.intent {
            let reported = replies.first?.reply?.intent
            if let reported {
                checks.append(Check(kind: "intent", passed: Glob.matches(intent, reported), expected: .string(intent),
                                    actual: .string(reported), turn: index))
            } else {
                checks.append(Check(kind: "intent", passed: nil, expected: .string(intent), actual: .null, turn: index,
                                    note: "the agent reports no intent; not scored"))
            }
        }
        checks += textChecks(e.text, texts: texts, turn: index)
        checks += actionChecks(e.actions, calls: calls, turn: index)
        checks += forbiddenChecks(e.forbiddenActions, calls: calls, turn: index)
        if let escalates = e.escalates {
            let did = record.handoffTurn == index
            checks.append(Check(kind: "escalates", passed: did == escalates, expected: .bool(escalates), actual: .bool(did), turn: index))
        }
        for fact in e.asksFor {
            let asked = texts.contains { FactRequests.asked(in: $0, extra: [fact]).contains(fact) }
            checks.append(Check(kind: "asks_for", passed: asked, expected: .string(fact),
                                actual: asked ? .string(fact) : .string("not asked"), turn: index))
        }
        return checks
    }

    // MARK: - Conversation

    func conversationChecks(_ record: ConversationRecord) -> [Check] {
        let e = record.scenario.expect
        var checks: [Check] = []
        if let resolution = e.resolution {
            checks.append(Check(kind: "resolution", passed: record.resolution == resolution, expected: .string(resolution.rawValue),
                                actual: .string(record.resolution.rawValue),
                                note: record.resolution == .unresolved ? "ended: \(record.endReason.rawValue)" : nil))
        }
        if let reason = e.escalationReason {
            let actual = record.handoff?.reason
            checks.append(Check(kind: "escalation.reason", passed: actual.map { Glob.matches(reason, $0, caseInsensitive: true) } ?? false,
                                expected: .string(reason), actual: actual.map(JSONValue.string) ?? .null))
        }
        if let priority = e.escalationPriority {
            let actual = record.handoff?.priority
            checks.append(Check(kind: "escalation.priority", passed: actual.map { Glob.matches(priority, $0, caseInsensitive: true) } ?? false,
                                expected: .string(priority), actual: actual.map(JSONValue.string) ?? .null))
        }
        checks += textChecks(e.text, texts: record.agentReplies.map(\.text), turn: nil)
        checks += actionChecks(e.actions, calls: record.audit, turn: nil)
        if e.ordered, !e.actions.isEmpty {
            var position = 0
            var matched = 0
            for expected in e.actions {
                guard let found = record.audit[position...].firstIndex(where: { ActionMatching.matches(expected, $0) }) else { break }
                matched += 1
                position = found + 1
            }
            checks.append(Check(kind: "actions.ordered", passed: matched == e.actions.count,
                                expected: .array(e.actions.map { .string($0.call) }),
                                actual: .array(record.audit.filter(\.succeeded).map { .string($0.operation) })))
        }
        checks += forbiddenChecks(e.forbiddenActions, calls: record.audit, turn: nil)
        for collection in e.state.keys.sorted() {
            checks += stateChecks(collection, e.state[collection]!, record: record)
        }
        if let sla = e.sla {
            if let bound = sla.firstResponseMs {
                let frt = record.frtMs
                checks.append(Check(kind: "sla.first_response_ms", passed: frt.map { $0 <= bound } ?? false,
                                    expected: ["max": .number(Decimal(bound))], actual: frt.map { .number(Decimal($0)) } ?? .null))
            }
            if let bound = sla.resolutionMs {
                checks.append(Check(kind: "sla.resolution_ms", passed: record.durationMs <= bound,
                                    expected: ["max": .number(Decimal(bound))], actual: .number(Decimal(record.durationMs))))
            }
        }
        return checks
    }

    // MARK: - Shared

    func textChecks(_ e: TextExpectation, texts: [String], turn: Int?) -> [Check] {
        var checks: [Check] = []
        let all = texts.joined(separator: "\n")
        let shown: JSONValue = .string(texts.last.map { _ in all } ?? "(no reply)")
        for m in e.mentions {
            checks.append(Check(kind: "mentions", passed: TextNormalization.mentions(all, m), expected: .string(m), actual: shown, turn: turn))
        }
        for m in e.notMentions {
            checks.append(Check(kind: "not_mentions", passed: !TextNormalization.mentions(all, m), expected: .string(m), actual: shown, turn: turn))
        }
        for p in e.matches {
            checks.append(Check(kind: "matches", passed: all.range(of: p, options: .regularExpression) != nil,
                                expected: .string(p), actual: shown, turn: turn))
        }
        for p in e.notMatches {
            checks.append(Check(kind: "not_matches", passed: all.range(of: p, options: .regularExpression) == nil,
                                expected: .string(p), actual: shown, turn: turn))
        }
        return checks
    }

    func actionChecks(_ expected: [ActionExpectation], calls: [AuditEntry], turn: Int?) -> [Check] {
        expected.map { a in
            let matching = calls.filter { ActionMatching.matches(a, $0) }
            let passed = a.times.map { matching.count == $0 } ?? !matching.isEmpty
            let sameOperation = calls.filter { $0.operation == a.call }
            return Check(kind: "action", passed: passed, expected: ActionMatching.describe(a),
                         actual: .array(sameOperation.map { ActionMatching.describe($0, withResult: !a.result.isEmpty) }), turn: turn,
                         note: a.times != nil ? "\(matching.count) matching successful call(s)" : nil)
        }
    }

    func forbiddenChecks(_ patterns: [String], calls: [AuditEntry], turn: Int?) -> [Check] {
        patterns.map { p in
            let hits = calls.filter { Glob.matches(p, $0.operation) }
            return Check(kind: "forbidden_action", passed: hits.isEmpty, expected: .string(p),
                         actual: .array(hits.map { ActionMatching.describe($0) }), turn: turn)
        }
    }

    func stateChecks(_ collection: String, _ expectation: StateExpectation, record: ConversationRecord) -> [Check] {
        let table = record.finalWorld[collection]
        switch expectation {
        case .count(let n):
            let owned = CustomerRecords(world: record.finalWorld, customer: record.scenario.customer).count(in: collection)
            return [Check(kind: "state", passed: owned == n, expected: .object([collection: ["count": .number(Decimal(n))]]),
                          actual: .object([collection: ["count": .number(Decimal(owned))]]))]
        case .contains(let partials):
            return partials.map { partial in
                let match = table.records.first { r in
                    partial.allSatisfy { k, v in r[k].map { ActionMatching.valuesEqual(v, $0) } ?? (v == .null) }
                }
                // Passed: the record that matched. Failed: the record with the same key, if any,
                // so the difference shows.
                let key = World.keyField(of: collection)
                let actual: JSONValue = match.map(JSONValue.object)
                    ?? partial[key]?.stringValue.flatMap { table.record(id: $0) }.map(JSONValue.object)
                    ?? .string("no matching record")
                return Check(kind: "state", passed: match != nil, expected: .object([collection: .object(partial)]), actual: actual)
            }
        }
    }
}
