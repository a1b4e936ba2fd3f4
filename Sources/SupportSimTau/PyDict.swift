import Foundation

/// A Python dict: string keys in insertion order. Setting an existing key keeps its place;
/// a new key goes to the end, as in Python. Equality ignores order, as tau-bench's database hash
/// does (it sorts keys before hashing).
public struct PyDict: Sendable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [PyValue] = []
    private var index: [String: Int] = [:]

    public init() {}

    public init(_ pairs: [(String, PyValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    public subscript(key: String) -> PyValue? {
        get { index[key].map { values[$0] } }
        set {
            if let at = index[key] {
                if let newValue { values[at] = newValue } else { remove(at: at) }
            } else if let newValue {
                index[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Edits one value in place without copying it; returns nil when the key is absent.
    @discardableResult
    public mutating func modify<R>(_ key: String, _ body: (inout PyValue) throws -> R) rethrows -> R? {
        guard let at = index[key] else { return nil }
        var value = values[at]
        values[at] = .none
        defer { values[at] = value }
        return try body(&value)
    }

    /// Python's `dict.pop(key)`.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> PyValue? {
        guard let at = index[key] else { return nil }
        let v = values[at]
        remove(at: at)
        return v
    }

    private mutating func remove(at position: Int) {
        index[keys[position]] = nil
        keys.remove(at: position)
        values.remove(at: position)
        for i in position..<keys.count { index[keys[i]] = i }
    }

    public func makeIterator() -> Zip2Sequence<[String], [PyValue]>.Iterator {
        zip(keys, values).makeIterator()
    }
}

extension PyDict: Hashable {
    public static func == (a: PyDict, b: PyDict) -> Bool {
        guard a.count == b.count else { return false }
        for (k, v) in a {
            guard let w = b[k], w == v else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: XOR of each pair's own hash.
        var combined = 0
        for (k, v) in self {
            var h = Hasher()
            h.combine(k)
            h.combine(v)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
