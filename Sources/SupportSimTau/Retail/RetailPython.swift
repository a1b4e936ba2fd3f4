import Foundation

/// The bits of Python's semantics that tau-bench's retail tools lean on, so that each tool reads
/// as its upstream counterpart does while failing exactly as CPython would.
///
/// The agent's arguments are arbitrary JSON, so a tool can be handed a list where a string was
/// meant, and Python's answer to that (`unhashable type: 'list'`, iterating a string's
/// characters, ...) is what tau-bench recorded. Strings compare by code point, as Python's do
/// (Swift's `==` would treat canonically equivalent spellings as equal).
///
/// Money is `Double` on purpose throughout the retail port: prices, amounts and balances are
/// Python floats upstream, and parity needs the very same binary arithmetic and rounding.
enum RetailPy {
    // MARK: Strings

    /// `a < b` for Python strings: code point order (UTF-8 byte order is the same order).
    static func textPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `value.lower()`; anything but a string has no such attribute.
    static func lower(_ value: PyValue) throws(TauToolError) -> String {
        guard case .string(let s) = value else {
            throw TauToolError("'\(PyBuiltins.typeName(value))' object has no attribute 'lower'")
        }
        return s.lowercased()
    }

    // MARK: Equality

    /// Python's `==` between JSON-shaped values: numbers across bool/int/float, strings by code
    /// point, containers element by element.
    static func equal(_ a: PyValue, _ b: PyValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.string(let x), .string(let y)): return PyBuiltins.sameText(x, y)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let key = storedKey(k, in: y), let w = y[key], equal(v, w) else { return false }
            }
            return true
        default:
            if let x = PyNumber(a), let y = PyNumber(b) { return compare(x, y) == .orderedSame }
            return false
        }
    }

    // MARK: Dict access

    /// The key stored in `dict` that is `key` code point for code point (a lookup alone would
    /// also accept a canonically equivalent spelling).
    static func storedKey(_ key: String, in dict: PyDict) -> String? {
        guard dict[key] != nil else { return nil }
        return dict.keys.first { PyBuiltins.sameText($0, key) }
    }

    /// `key in dict`, answering with the stored key when present. Lists and dicts cannot be dict
    /// keys (`unhashable type: 'list'`); other non-strings are never among the JSON keys.
    static func findKey(_ key: PyValue, in dict: PyDict) throws(TauToolError) -> String? {
        switch key {
        case .string(let s): return storedKey(s, in: dict)
        case .list, .dict: throw TauToolError("unhashable type: '\(PyBuiltins.typeName(key))'")
        default: return nil
        }
    }

    /// `value[key]` for a string key: a dict's entry or `KeyError`, and Python's complaint for
    /// anything that is not a dict.
    static func item(_ value: PyValue, _ key: String) throws(TauToolError) -> PyValue {
        switch value {
        case .dict(let d):
            guard let stored = storedKey(key, in: d), let v = d[stored] else { throw TauToolError.keyError(key) }
            return v
        case .list: throw TauToolError("list indices must be integers or slices, not str")
        case .string: throw TauToolError("string indices must be integers, not 'str'")
        default: throw TauToolError("'\(PyBuiltins.typeName(value))' object is not subscriptable")
        }
    }

    /// `value[key]` on a dict held directly.
    static func item(_ dict: PyDict, _ key: String) throws(TauToolError) -> PyValue {
        try item(.dict(dict), key)
    }

    /// `value[index]` for a non-negative int index.
    static func element(_ value: PyValue, _ index: Int) throws(TauToolError) -> PyValue {
        switch value {
        case .list(let l):
            guard index < l.count else { throw TauToolError("list index out of range") }
            return l[index]
        case .dict:
            throw TauToolError(String(index))  // str(KeyError(0)); JSON dicts have string keys only
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            guard index < scalars.count else { throw TauToolError("string index out of range") }
            return .string(String(scalars[index]))
        default:
            throw TauToolError("'\(PyBuiltins.typeName(value))' object is not subscriptable")
        }
    }

    /// A value as a dict, for data whose shape tau-bench trusts.
    static func dict(_ value: PyValue) throws(TauToolError) -> PyDict {
        guard case .dict(let d) = value else {
            throw TauToolError("'\(PyBuiltins.typeName(value))' object does not support item assignment")
        }
        return d
    }

    /// `data[path[0]][path[1]]...`, failing at the first missing step as Python would.
    static func value(at path: [String], in data: PyDict) throws(TauToolError) -> PyValue {
        var current = PyValue.dict(data)
        for step in path { current = try item(current, step) }
        return current
    }

    /// Replaces the value at a path of dict keys inside `data`, in place (the big tables are
    /// not copied). The path was read successfully just before, so every step exists.
    static func store(_ value: PyValue, at path: [String], in data: inout PyDict) {
        guard let first = path.first else { return }
        if path.count == 1 {
            data[first] = value
            return
        }
        let rest = Array(path.dropFirst())
        data.modify(first) { inner in
            inner.withDict { store(value, at: rest, in: &$0) }
        }
    }

    // MARK: Iteration

    /// `container.count(element)` where `element` was drawn from `container` itself: a list
    /// counts equal items (at least the element itself, as Python's identity check guarantees),
    /// a string counts the character, and a dict has no `count`.
    static func countOwn(_ element: PyValue, in container: PyValue) throws(TauToolError) -> Int {
        switch container {
        case .list(let l): return max(1, l.reduce(0) { $0 + (equal($1, element) ? 1 : 0) })
        case .string(let s):
            guard case .string(let c) = element else { return 0 }
            return s.unicodeScalars.reduce(0) { $0 + (PyBuiltins.sameText(String($1), c) ? 1 : 0) }
        default:
            throw TauToolError("'\(PyBuiltins.typeName(container))' object has no attribute 'count'")
        }
    }

    /// `sorted(value)` for an iterable whose elements are all strings (the tools sort only
    /// item ids they have already found in the database).
    static func sortedStrings(_ value: PyValue) throws(TauToolError) -> PyValue {
        var strings: [String] = []
        for element in try PyBuiltins.iterate(value) {
            guard case .string(let s) = element else {
                throw TauToolError("'<' not supported between instances of '\(PyBuiltins.typeName(element))' and 'str'")
            }
            strings.append(s)
        }
        return .list(strings.sorted(by: textPrecedes).map { .string($0) })
    }

    // MARK: Numbers

    private static func operands(_ a: PyValue, _ b: PyValue, _ op: String) throws(TauToolError) -> (PyNumber, PyNumber) {
        guard let x = PyNumber(a), let y = PyNumber(b) else {
            throw TauToolError("unsupported operand type(s) for \(op): '\(PyBuiltins.typeName(a))' and '\(PyBuiltins.typeName(b))'")
        }
        return (x, y)
    }

    /// `a + b` (`op` names the operator in Python's TypeError, e.g. `+=`). The ints here are
    /// tau's gift card balances, far from overflowing; past `Int` Python would stay exact.
    static func add(_ a: PyValue, _ b: PyValue, op: String = "+") throws(TauToolError) -> PyValue {
        switch try operands(a, b, op) {
        case (.int(let x), .int(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? .float(Double(x) + Double(y)) : .int(sum)
        case (let x, let y): return .float(x.double + y.double)
        }
    }

    /// `a - b`.
    static func subtract(_ a: PyValue, _ b: PyValue, op: String = "-") throws(TauToolError) -> PyValue {
        switch try operands(a, b, op) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? .float(Double(x) - Double(y)) : .int(difference)
        case (let x, let y): return .float(x.double - y.double)
        }
    }

    /// `round(value, 2)`: ints come back unchanged, floats rounded as Python rounds them.
    static func round2(_ value: PyValue) throws(TauToolError) -> PyValue {
        switch value {
        case .int, .bool: return PyNumber(value)!.value
        case .float(let d): return .float(PyText.round(d, 2))
        default: throw TauToolError("type \(PyBuiltins.typeName(value)) doesn't define __round__ method")
        }
    }

    /// `abs(value)`.
    static func absolute(_ value: PyValue) throws(TauToolError) -> PyValue {
        switch PyNumber(value) {
        case .int(let i)?: return i == .min ? .float(-Double(i)) : .int(abs(i))
        case .float(let d)?: return .float(abs(d))
        case nil: throw TauToolError("bad operand type for abs(): '\(PyBuiltins.typeName(value))'")
        }
    }

    static func compare(_ a: PyNumber, _ b: PyNumber) -> ComparisonResult {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        default:
            let x = a.double, y = b.double
            return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        }
    }

    /// `a < b` between numbers.
    static func less(_ a: PyValue, _ b: PyValue) throws(TauToolError) -> Bool {
        guard let x = PyNumber(a), let y = PyNumber(b) else {
            throw TauToolError("'<' not supported between instances of '\(PyBuiltins.typeName(a))' and '\(PyBuiltins.typeName(b))'")
        }
        return compare(x, y) == .orderedAscending
    }

    /// `a > b` between numbers.
    static func greater(_ a: PyValue, _ b: PyValue) throws(TauToolError) -> Bool {
        guard let x = PyNumber(a), let y = PyNumber(b) else {
            throw TauToolError("'>' not supported between instances of '\(PyBuiltins.typeName(a))' and '\(PyBuiltins.typeName(b))'")
        }
        return compare(x, y) == .orderedDescending
    }
}
