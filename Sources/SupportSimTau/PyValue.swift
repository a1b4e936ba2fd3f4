import Foundation

/// A value as tau-bench's Python code holds it: JSON with Python's distinctions kept. Integers and
/// floats are different values (tau-bench hashes the database's repr, where `1` and `1.0`
/// differ) and objects keep their insertion order (tool outputs are `json.dumps` text, whose key
/// order is the dict's). Money here is `Double` on purpose: the port must round exactly as
/// tau-bench's floats do, byte for byte; SupportSim's own domain keeps `Decimal`.
public enum PyValue: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([PyValue])
    case dict(PyDict)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// An `int` (not a `bool`: Python's `True` is an int, but tau's data never relies on it).
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The number as a Python float would take part in arithmetic: ints widen, floats stay.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    public var isNumber: Bool { doubleValue != nil }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var listValue: [PyValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var dictValue: PyDict? {
        if case .dict(let d) = self { return d }
        return nil
    }

    public subscript(key: String) -> PyValue? {
        if case .dict(let d) = self { return d[key] }
        return nil
    }

    /// Python truthiness (`if value:`).
    public var isTruthy: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.isEmpty
        }
    }

    /// Edits the dict inside this value in place. The payload is moved out first, so a value
    /// held only here is changed without copying (a 2,000-record table stays one allocation).
    /// Returns nil, changing nothing, when the value is not a dict.
    @discardableResult
    public mutating func withDict<R>(_ body: (inout PyDict) throws -> R) rethrows -> R? {
        guard case .dict(var d) = self else { return nil }
        self = .none
        defer { self = .dict(d) }
        return try body(&d)
    }

    /// Edits the list inside this value in place (see `withDict`).
    @discardableResult
    public mutating func withList<R>(_ body: (inout [PyValue]) throws -> R) rethrows -> R? {
        guard case .list(var l) = self else { return nil }
        self = .none
        defer { self = .list(l) }
        return try body(&l)
    }
}

extension PyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: PyValue...) { self = .list(elements) }
    /// Keys keep the literal's order, as a Python dict literal does.
    public init(dictionaryLiteral elements: (String, PyValue)...) { self = .dict(PyDict(elements)) }
    public init(nilLiteral: ()) { self = .none }
}
