import Foundation
import SupportSimCore

/// A journal line that is not what this version wrote: which field, and what was found.
public struct JournalDecodingError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
    public var description: String { "\(field): \(problem)" }
}

/// Typed reads of one JSON object of the journal, each naming the field it could not read.
struct JSONFields {
    let object: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws(JournalDecodingError) {
        guard case .object(let o) = value else {
            throw JournalDecodingError(field: path.isEmpty ? "line" : path, problem: "expected an object")
        }
        object = o
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func missing(_ key: String, _ kind: String) -> JournalDecodingError {
        JournalDecodingError(field: name(key), problem: object[key] == nil ? "missing" : "expected \(kind)")
    }

    func string(_ key: String) throws(JournalDecodingError) -> String {
        guard case .string(let s)? = object[key] else { throw missing(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(JournalDecodingError) -> String? {
        guard let v = object[key], v != .null else { return nil }
        guard case .string(let s) = v else { throw missing(key, "a string") }
        return s
    }

    func decimal(_ key: String) throws(JournalDecodingError) -> Decimal {
        guard case .number(let d)? = object[key] else { throw missing(key, "a number") }
        return d
    }

    func optionalDecimal(_ key: String) throws(JournalDecodingError) -> Decimal? {
        guard let v = object[key], v != .null else { return nil }
        guard case .number(let d) = v else { throw missing(key, "a number") }
        return d
    }

    func int(_ key: String) throws(JournalDecodingError) -> Int {
        let d = try decimal(key)
        guard let i = Int(exactly: NSDecimalNumber(decimal: d).int64Value), Decimal(i) == d else { throw missing(key, "an integer") }
        return i
    }

    func optionalInt(_ key: String) throws(JournalDecodingError) -> Int? {
        guard let v = object[key], v != .null else { return nil }
        return try int(key)
    }

    func bool(_ key: String) throws(JournalDecodingError) -> Bool {
        guard case .bool(let b)? = object[key] else { throw missing(key, "true or false") }
        return b
    }

    func optionalBool(_ key: String) throws(JournalDecodingError) -> Bool? {
        guard let v = object[key], v != .null else { return nil }
        return try bool(key)
    }

    func value(_ key: String) throws(JournalDecodingError) -> JSONValue {
        guard let v = object[key] else { throw missing(key, "a value") }
        return v
    }

    func optional(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    func dictionary(_ key: String) throws(JournalDecodingError) -> [String: JSONValue] {
        guard case .object(let o)? = object[key] else { throw missing(key, "an object") }
        return o
    }

    func array(_ key: String) throws(JournalDecodingError) -> [JSONValue] {
        guard let v = object[key] else { return [] }
        guard case .array(let a) = v else { throw missing(key, "an array") }
        return a
    }

    func strings(_ key: String) throws(JournalDecodingError) -> [String] {
        var out: [String] = []
        for (i, v) in try array(key).enumerated() {
            guard case .string(let s) = v else { throw JournalDecodingError(field: "\(name(key))[\(i)]", problem: "expected a string") }
            out.append(s)
        }
        return out
    }

    /// Each element of an array field as an object of its own, named `key[i]` in errors.
    func objects(_ key: String) throws(JournalDecodingError) -> [JSONFields] {
        var out: [JSONFields] = []
        for (i, v) in try array(key).enumerated() { out.append(try JSONFields(v, path: "\(name(key))[\(i)]")) }
        return out
    }

    func object(_ key: String) throws(JournalDecodingError) -> JSONFields {
        try JSONFields(try value(key), path: name(key))
    }

    func optionalObject(_ key: String) throws(JournalDecodingError) -> JSONFields? {
        guard let v = optional(key) else { return nil }
        return try JSONFields(v, path: name(key))
    }

    func raw<T: RawRepresentable>(_ key: String, as: T.Type) throws(JournalDecodingError) -> T where T.RawValue == String {
        let s = try string(key)
        guard let v = T(rawValue: s) else { throw JournalDecodingError(field: name(key), problem: "unknown value \"\(s)\"") }
        return v
    }
}

/// Small builders, so that encoders read like the objects they write.
extension JSONValue {
    static func int(_ i: Int) -> JSONValue { .number(Decimal(i)) }
    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func optional(_ d: Decimal?) -> JSONValue { d.map { .number($0) } ?? .null }
    static func optional(_ i: Int?) -> JSONValue { i.map { .number(Decimal($0)) } ?? .null }
    static func optional(_ b: Bool?) -> JSONValue { b.map { .bool($0) } ?? .null }
    static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }
}
