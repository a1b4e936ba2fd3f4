import Foundation
import SupportSimCore
import SupportSimTau

/// Between tau-bench's Python values and SupportSim's JSON (whose numbers are `Decimal`). An
/// integral JSON number becomes an int, any other a float: the one place a float can change
/// kind is an agent over an adapter writing `5.0`, which SupportSim's JSON cannot tell from `5`
/// (docs/tau-bench.md); the replay agent passes the model's text untouched.
enum PyConversion {
    static func json(_ v: PyValue) -> JSONValue {
        switch v {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Decimal(i))
        case .float(let d): return d.isFinite ? .number(Decimal(string: PyText.floatRepr(d)) ?? Decimal(d)) : .string(PyText.floatRepr(d))
        case .string(let s): return .string(s)
        case .list(let l): return .array(l.map(json))
        case .dict(let d): return .object(Dictionary(d.map { ($0.0, json($0.1)) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    static func py(_ v: JSONValue) -> PyValue {
        switch v {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .number(let d):
            if d == d.rounded(), let i = Int(exactly: NSDecimalNumber(decimal: d).int64Value), Decimal(i) == d { return .int(i) }
            return .float(Double(d.plainString) ?? NSDecimalNumber(decimal: d).doubleValue)
        case .string(let s): return .string(s)
        case .array(let a): return .list(a.map(py))
        // SupportSim's JSON objects have no order; keys are taken sorted so the result is stable.
        case .object(let o): return .dict(PyDict(o.keys.sorted().map { ($0, py(o[$0]!)) }))
        }
    }

    static func kwargs(_ arguments: [String: JSONValue]) -> PyDict {
        PyDict(arguments.keys.sorted().map { ($0, py(arguments[$0]!)) })
    }

    static func arguments(_ kwargs: PyDict) -> [String: JSONValue] {
        Dictionary(kwargs.map { ($0.0, json($0.1)) }, uniquingKeysWith: { a, _ in a })
    }
}

extension Decimal {
    func rounded() -> Decimal {
        var copy = self, out = Decimal()
        NSDecimalRound(&out, &copy, 0, .down)
        return out
    }
}
