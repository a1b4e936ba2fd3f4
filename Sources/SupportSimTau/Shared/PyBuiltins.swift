import Foundation

/// The Python built-ins that the airline tools, the retail tools and `calculate` all use the
/// same way: one copy, so a fix to how a domain reads the agent's JSON reaches every tool.
///
/// What only one domain needs, or what the two ports do differently on purpose, stays in that
/// domain's helpers (`Airline.Py`, `RetailPy`): dict lookup, `==` and ordering are written
/// separately there, since each was checked against its own domain's recordings.
enum PyBuiltins {
    /// `type(value).__name__`, as Python's TypeError messages name a type.
    static func typeName(_ value: PyValue) -> String {
        switch value {
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .dict: "dict"
        }
    }

    /// The elements `for x in value` visits: a list's items, a string's characters (code
    /// points, as Python counts them), a dict's keys.
    static func iterate(_ value: PyValue) throws(TauToolError) -> [PyValue] {
        switch value {
        case .list(let l): return l
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .dict(let d): return d.keys.map { .string($0) }
        default: throw TauToolError("'\(typeName(value))' object is not iterable")
        }
    }

    /// `len(value)`; a string's length is its number of code points.
    static func len(_ value: PyValue) throws(TauToolError) -> Int {
        switch value {
        case .list(let l): return l.count
        case .string(let s): return s.unicodeScalars.count
        case .dict(let d): return d.count
        default: throw TauToolError("object of type '\(typeName(value))' has no len()")
        }
    }

    // MARK: Strings

    /// Python's `==` on two strings: code point for code point. Swift's `==` would also treat
    /// canonically equivalent spellings (`é` composed or not) as equal, which Python does not.
    static func sameText(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// `needle in haystack` for two strings, by code points. Matching the UTF-8 bytes gives the
    /// same answer: a valid needle can only match where a code point starts.
    static func textContains(_ haystack: String, _ needle: String) -> Bool {
        let h = Array(haystack.utf8), n = Array(needle.utf8)
        guard !n.isEmpty else { return true }
        guard h.count >= n.count else { return false }
        for start in 0...(h.count - n.count) where h[start] == n[0] && h[start..<start + n.count].elementsEqual(n) {
            return true
        }
        return false
    }
}

/// A number as Python arithmetic sees it: a `bool` is the int 0 or 1, and an int stays apart
/// from a float (the reward hashes the database, where `100` and `100.0` differ).
enum PyNumber {
    case int(Int)
    case float(Double)

    /// The value as a number, or nil for anything arithmetic would reject.
    init?(_ value: PyValue) {
        switch value {
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .float(let d): self = .float(d)
        default: return nil
        }
    }

    var double: Double {
        switch self {
        case .int(let i): Double(i)
        case .float(let d): d
        }
    }

    var value: PyValue {
        switch self {
        case .int(let i): .int(i)
        case .float(let d): .float(d)
        }
    }
}
