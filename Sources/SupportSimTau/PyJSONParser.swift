import Foundation

/// Reads JSON into `PyValue` the way Python's `json.loads` does: object keys in file order,
/// numbers without a fraction or exponent as ints, the rest as floats.
public enum PyJSON {
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var offset: Int
        public var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> PyValue {
        var copy = text
        return try typed { try copy.withUTF8 { bytes in try parse(bytes) } }
    }

    public static func parse(_ data: Data) throws(ParseError) -> PyValue {
        try typed {
            try data.withUnsafeBytes { raw in
                try parse(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            }
        }
    }

    /// The buffer accessors rethrow untyped errors; only `ParseError` can come out of them.
    private static func typed(_ body: () throws -> PyValue) throws(ParseError) -> PyValue {
        do { return try body() } catch let e as ParseError { throw e } catch { throw ParseError(message: "\(error)", offset: 0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> PyValue {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == bytes.count else { throw reader.error("extra data after the value") }
        return value
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    static let maxDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ message: String) -> PyJSON.ParseError { .init(message: message, offset: at) }

    var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func expect(_ word: String, _ value: PyValue) throws(PyJSON.ParseError) -> PyValue {
        for b in word.utf8 {
            guard peek == b else { throw error("expected \(word)") }
            at += 1
        }
        return value
    }

    mutating func value(depth: Int) throws(PyJSON.ParseError) -> PyValue {
        guard depth < Reader.maxDepth else { throw error("nested deeper than \(Reader.maxDepth) levels") }
        guard let c = peek else { throw error("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .none)
        case UInt8(ascii: "N"): return try expect("NaN", .float(.nan))
        case UInt8(ascii: "I"): return try expect("Infinity", .float(.infinity))
        default: return try number()
        }
    }

    mutating func object(depth: Int) throws(PyJSON.ParseError) -> PyValue {
        at += 1
        var dict = PyDict()
        skipSpace()
        if peek == UInt8(ascii: "}") { at += 1; return .dict(dict) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':'") }
            at += 1
            skipSpace()
            dict[key] = try value(depth: depth + 1)
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return .dict(dict)
            default: throw error("expected ',' or '}'")
            }
        }
    }

    mutating func array(depth: Int) throws(PyJSON.ParseError) -> PyValue {
        at += 1
        var list: [PyValue] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { at += 1; return .list(list) }
        while true {
            skipSpace()
            list.append(try value(depth: depth + 1))
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return .list(list)
            default: throw error("expected ',' or ']'")
            }
        }
    }

    mutating func number() throws(PyJSON.ParseError) -> PyValue {
        let start = at
        var isFloat = false
        if peek == UInt8(ascii: "-") {
            at += 1
            if peek == UInt8(ascii: "I") { _ = try expect("Infinity", .none); return .float(-.infinity) }
        }
        while let c = peek {
            if c >= 0x30 && c <= 0x39 || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                at += 1
            } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                isFloat = true
                at += 1
            } else {
                break
            }
        }
        guard at > start else { throw error("unexpected character") }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        if !isFloat, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw error("invalid number \"\(text.prefix(40))\"") }
        return .float(d)
    }

    mutating func string() throws(PyJSON.ParseError) -> String {
        at += 1
        let start = at
        // Fast path: no escapes.
        while let c = peek, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") { at += 1 }
        if peek == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            at += 1
            return s
        }
        var out = Array(bytes[start..<at])
        while true {
            guard let c = peek else { throw error("unterminated string") }
            at += 1
            if c == UInt8(ascii: "\"") { break }
            if c != UInt8(ascii: "\\") { out.append(c); continue }
            guard let e = peek else { throw error("unterminated escape") }
            at += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00, peek == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u") {
                    at += 2
                    let low = try hex4()
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        at -= 6
                    }
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws(PyJSON.ParseError) -> UInt32 {
        guard at + 4 <= bytes.count else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[at]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            case 0x41...0x46: d = c - 0x41 + 10
            default: throw error("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            at += 1
        }
        return v
    }
}
