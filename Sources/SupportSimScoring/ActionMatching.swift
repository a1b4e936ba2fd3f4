import Foundation
import SupportSimCore

/// Matching expected tool calls against the audit log (scenarios.md, "Matching tool calls").
public enum ActionMatching {
    public static func matches(_ expected: ActionExpectation, _ entry: AuditEntry) -> Bool {
        guard entry.succeeded, entry.operation == expected.call else { return false }
        for (name, matcher) in expected.args {
            guard let actual = entry.arguments[name], argumentMatches(matcher, actual) else { return false }
        }
        let result = entry.outcome.result
        for (name, matcher) in expected.result {
            guard let actual = result?[name], argumentMatches(matcher, actual) else { return false }
        }
        return true
    }

    public static func argumentMatches(_ matcher: ArgumentMatcher, _ actual: JSONValue) -> Bool {
        switch matcher {
        case .equals(let expected): return valuesEqual(expected, actual)
        case .glob(let pattern): return Glob.matches(pattern, actual.displayText)
        case .regex(let pattern):
            return actual.displayText.range(of: pattern, options: .regularExpression) != nil
        }
    }

    /// Numbers compared as decimals (`49` equals `49.00`, also when one side is a numeric
    /// string), strings exactly, lists item by item, objects by the expected keys.
    public static func valuesEqual(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        switch (expected, actual) {
        case (.number(let a), _):
            return actual.decimalValue == a
        case (.string(let a), .number(let b)):
            return Decimal(exactly: a) == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { valuesEqual($0, $1) }
        case (.object(let a), .object(let b)):
            return a.allSatisfy { key, value in b[key].map { valuesEqual(value, $0) } ?? (value == .null) }
        case (.null, .null):
            return true
        default:
            return expected == actual
        }
    }

    public static func describe(_ expected: ActionExpectation) -> JSONValue {
        var o: [String: JSONValue] = ["call": .string(expected.call)]
        if !expected.args.isEmpty {
            var args: [String: JSONValue] = [:]
            for (k, m) in expected.args {
                switch m {
                case .equals(let v): args[k] = v
                case .glob(let g): args[k] = ["glob": .string(g)]
                case .regex(let r): args[k] = ["regex": .string(r)]
                }
            }
            o["args"] = .object(args)
        }
        if !expected.result.isEmpty { o["result"] = .object(expected.result.mapValues(describe)) }
        if let t = expected.times { o["times"] = .number(Decimal(t)) }
        return .object(o)
    }

    static func describe(_ m: ArgumentMatcher) -> JSONValue {
        switch m {
        case .equals(let v): return v
        case .glob(let g): return ["glob": .string(g)]
        case .regex(let r): return ["regex": .string(r)]
        }
    }

    /// - Parameter withResult: add the call's result (for expectations that match on it).
    public static func describe(_ entry: AuditEntry, withResult: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = ["call": .string(entry.operation), "args": .object(entry.arguments)]
        if case .failure(let e) = entry.outcome { o["error"] = .string(e.code.rawValue) }
        if withResult, let r = entry.outcome.result { o["result"] = r }
        return .object(o)
    }
}
