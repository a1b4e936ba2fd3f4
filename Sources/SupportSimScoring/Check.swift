import Foundation
import SupportSimCore

/// One expectation and what happened: `passed` is nil when the check could not be scored (an
/// agent that reports no intent), and the note says why.
public struct Check: Sendable, Hashable {
    public var kind: String
    public var passed: Bool?
    public var expected: JSONValue
    public var actual: JSONValue
    /// The scripted turn, for turn expectations; nil for conversation expectations.
    public var turn: Int?
    public var note: String?

    public init(kind: String, passed: Bool?, expected: JSONValue, actual: JSONValue, turn: Int? = nil, note: String? = nil) {
        self.kind = kind
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.turn = turn
        self.note = note
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["kind": .string(kind), "passed": passed.map(JSONValue.bool) ?? .null,
                                      "expected": expected, "actual": actual, "turn": turn.map { .number(Decimal($0)) } ?? .null]
        if let note { o["note"] = .string(note) }
        return .object(o)
    }

    /// One line for reports: what was expected and what happened.
    public var summary: String {
        let place = turn.map { "turn \($0): " } ?? ""
        return "\(place)\(kind): expected \(expected.displayText), got \(actual.displayText)"
    }
}
