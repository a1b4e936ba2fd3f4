import Foundation

// JSON text is written by hand rather than through JSONEncoder so that numbers stay exact
// decimals and keys are always sorted: results.json and goldens must be byte-for-byte stable.
// It is written into a byte buffer, copying runs of plain bytes at once: a 10,000-conversation
// results.json is ~65 MB, and appending to a String scalar by scalar made it take seconds.
extension JSONValue {
    /// Compact JSON with sorted keys.
    public func jsonText() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(to: &out, indent: nil, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON with sorted keys, for files people read and diff.
    public func prettyJSONText(indent: Int = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: indent, level: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value's JSON (compact when `indent` is nil) to a UTF-8 buffer, for writers
    /// that assemble large documents without building a `JSONValue` tree for all of them.
    /// `level` is the nesting depth the value sits at in the document (its inner lines are
    /// indented one level deeper), so that pieces written one by one join into the same bytes
    /// as the whole tree's `prettyJSONText`.
    public func appendJSON(to out: inout [UInt8], indent: Int? = nil, level: Int = 0) {
        write(to: &out, indent: indent, level: level)
    }

    private func write(to out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): JSONValue.writeNumber(d, to: &out)
        case .string(let s): JSONValue.appendJSONString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                JSONValue.appendJSONString(key, to: &out)
                if indent == nil { out.append(UInt8(ascii: ":")) } else { out.append(contentsOf: ": ".utf8) }
                value.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], indent: Int?, level: Int) {
        guard let indent else { return }
        appendNewline(indentedBy: indent * level, to: &out)
    }

    /// A line break and `spaces` spaces: copied from a line of spaces made once (appending a
    /// repeated element went through the generic sequence path, the largest single cost of
    /// writing a pretty-printed results.json).
    public static func appendNewline(indentedBy spaces: Int, to out: inout [UInt8]) {
        var left = spaces
        out.append(0x0A)
        while left > 0 {
            let n = min(left, lineOfSpaces.count)
            lineOfSpaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
            left -= n
        }
    }

    private static let lineOfSpaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    private static func writeNumber(_ d: Decimal, to out: inout [UInt8]) {
        if d.isNaN { out.append(contentsOf: "null".utf8); return }
        out.append(contentsOf: (shortPlainString(d) ?? d.plainString).utf8)
    }

    /// `plainString` for the numbers reports are made of (counts, milliseconds, money, rates:
    /// at most 18 significant digits and 10 decimal places), from the digits of the significand.
    /// `plainString` goes through NSDecimalNumber's description at ~3 µs a number, which was most
    /// of the time of a large results.json. Anything else returns nil and takes that path.
    static func shortPlainString(_ d: Decimal) -> String? {
        let e = d.exponent
        // Beyond 10 decimal places plainString rounds; leave those to it.
        guard e >= -10, e <= 18 else { return nil }
        let significand = d.significand
        let m = NSDecimalNumber(decimal: significand).uint64Value
        guard m < 1_000_000_000_000_000_000, Decimal(m) == significand else { return nil }
        if m == 0 { return "0" }
        let digits: String
        if e >= 0 {
            var v = m
            for _ in 0..<e {
                let (r, overflow) = v.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                v = r
            }
            digits = String(v)
        } else {
            var text = String(m)
            let places = -e
            if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
            let point = text.index(text.endIndex, offsetBy: -places)
            var fraction = text[point...]
            while fraction.last == "0" { fraction = fraction.dropLast() }
            digits = fraction.isEmpty ? String(text[..<point]) : text[..<point] + "." + fraction
        }
        return d.sign == .minus ? "-" + digits : digits
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal, as `jsonText()` writes it.
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var runStart = 0
            var i = 0
            // Eight bytes at a time while none needs escaping (nearly all text); a word that
            // holds one is taken byte by byte.
            while i + 8 <= bytes.count {
                if !mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                for j in i..<(i + 8) { escape(bytes, j, &runStart, &out) }
                i += 8
            }
            while i < bytes.count {
                escape(bytes, i, &runStart, &out)
                i += 1
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of a word's eight bytes is below 0x20 or is `"`, `\\` or `<` (bytes of
    /// multi-byte characters, >= 0x80, never are). Exact in that direction: a word it clears has
    /// no such byte.
    @inline(__always)
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let control = (w &- ones &* 0x20) & ~w & highs != 0
        return control || hasZeroByte(w ^ (ones &* 0x22)) || hasZeroByte(w ^ (ones &* 0x5C)) || hasZeroByte(w ^ (ones &* 0x3C))
    }

    /// Byte `i`: left in the current run of plain bytes, or the run so far copied and the byte
    /// written escaped.
    @inline(__always)
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ runStart: inout Int, _ out: inout [UInt8]) {
        let b = bytes[i]
        // Bytes of multi-byte characters (>= 0x80) are never escaped: they are copied as is.
        if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != UInt8(ascii: "<") { return }
        if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
        runStart = i + 1
        switch b {
        case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
        case 0x0A: out.append(contentsOf: "\\n".utf8)
        case 0x0D: out.append(contentsOf: "\\r".utf8)
        case 0x09: out.append(contentsOf: "\\t".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "\\u003c".utf8)  // safe to embed in HTML <script> blocks
        default:
            out.append(contentsOf: "\\u00".utf8)
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
    }
}

/// Errors of `JSONValue.parse`, with the byte offset where reading stopped.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public let offset: Int
    public let message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses JSON text, reading numbers as exact decimals.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var pos = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        skipSpace()
        if pos != bytes.count { throw fail("unexpected text after the JSON value") }
        return value
    }

    func fail(_ message: String) -> JSONParseError { JSONParseError(offset: pos, message: message) }

    mutating func skipSpace() {
        while pos < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[pos]) { pos += 1 }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipSpace()
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func literal(_ word: String) throws(JSONParseError) {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<pos + w.count]) == w else {
            throw fail("expected a JSON value")
        }
        pos += w.count
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        depth += 1
        if depth > 512 { throw fail("nesting too deep") }
        defer { depth -= 1 }
        pos += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            fields[key] = try parseValue()
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        depth += 1
        if depth > 512 { throw fail("nesting too deep") }
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        var buffer: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), pos + 1 < bytes.count,
                        bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    {
                        pos += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: buffer.append(e)
                }
                continue
            }
            if b < 0x20 { throw fail("control character in string") }
            buffer.append(b)
            pos += 1
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16)
        else { throw fail("bad \\u escape") }
        pos += 4
        return v
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        while pos < bytes.count, let c = Optional(bytes[pos]),
            (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard !text.isEmpty, let d = Decimal(exactly: text) else {
            pos = start
            throw fail("expected a JSON value")
        }
        return .number(d)
    }
}
