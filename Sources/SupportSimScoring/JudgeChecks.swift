import Foundation
import SupportSimCore

/// Judge checks become checks like any other: the judge's verdict (or its score against
/// `pass_if`) with its reason. A check the judge did not grade (no judge model configured) or
/// could not grade (an answer not in the required shape, twice) fails, saying so: it is never
/// reported as passed.
enum JudgeChecks {
    static func checks(_ record: ConversationRecord) -> [Check] {
        record.scenario.judgeChecks.map { turn, expected in
            let verdict = record.judgements.first { $0.turn == turn && $0.rubric == expected.rubric }
            let rubric = JSONValue.string(expected.rubric)
            guard let verdict else {
                return Check(kind: "judge", passed: false, expected: rubric,
                             actual: "not scored: no judge model is configured (judge: in supportsim.yml)", turn: turn,
                             note: "no judge model is configured (judge: in supportsim.yml), so this check was not scored")
            }
            if let error = verdict.error {
                return Check(kind: "judge", passed: false, expected: rubric, actual: .string("judge error: \(error)"),
                             turn: turn, note: "judge error: \(error)")
            }
            let passed = expected.passIf.map { bound in (verdict.score ?? 0) >= bound } ?? (verdict.verdict == "pass")
            var actual: [String: JSONValue] = ["verdict": verdict.verdict.map(JSONValue.string) ?? .null,
                                               "reason": verdict.reason.map(JSONValue.string) ?? .null]
            if let score = verdict.score { actual["score"] = .number(score) }
            return Check(kind: "judge", passed: passed, expected: rubric, actual: .object(actual), turn: turn,
                         note: verdict.reason)
        }
    }
}
