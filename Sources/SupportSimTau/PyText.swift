import Foundation

/// Python's text forms of values: `json.dumps` (tau-bench's tool outputs, default separators,
/// `ensure_ascii`), `repr` of a float (shortest round-trip digits, exponent outside 1e-4..1e16)
/// and `str()` of a value.
public enum PyText {
    public static func dumps(_ value: PyValue) -> String {
        var out = ""
        writeJSON(value, into: &out)
        return out
    }

    public static func writeJSON(_ value: PyValue, into out: inout String) {
        switch value {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += jsonFloat(d)
        case .string(let s): writeJSONString(s, into: &out)
        case .list(let l):
            out += "["
            for (i, v) in l.enumerated() {
                if i > 0 { out += ", " }
                writeJSON(v, into: &out)
            }
            out += "]"
        case .dict(let d):
            out += "{"
            var first = true
            for (k, v) in d {
                if !first { out += ", " }
                first = false
                writeJSONString(k, into: &out)
                out += ": "
                writeJSON(v, into: &out)
            }
            out += "}"
        }
    }

    static func jsonFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return floatRepr(d)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func writeJSONString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(s.utf8.count + 2)
        func u(_ v: UInt32) {
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                                      hex[Int(v >> 12 & 0xF)], hex[Int(v >> 8 & 0xF)], hex[Int(v >> 4 & 0xF)], hex[Int(v & 0xF)]])
        }
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x20...0x7E: bytes.append(UInt8(v))
            case 0x10000...:
                let w = v - 0x10000
                u(0xD800 + (w >> 10))
                u(0xDC00 + (w & 0x3FF))
            default: u(v)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `repr(float)`: the shortest digits that read back to the same double (Swift's own
    /// `description` finds them), laid out by Python's rule: positional for decimal exponents
    /// -4 ..< 16 (always with a fraction, `100.0`), scientific otherwise (`1e-05`, `1.5e+16`).
    public static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, exponent) = shortestDigits(d)
        // value = 0.d1d2d3... x 10^exponent; Python's decimal point position is `exponent`.
        let pointAt = exponent
        var body: String
        if pointAt > -4 && pointAt <= 16 {
            if pointAt <= 0 {
                body = "0." + String(repeating: "0", count: -pointAt) + digits
            } else if pointAt >= digits.count {
                body = digits + String(repeating: "0", count: pointAt - digits.count) + ".0"
            } else {
                let i = digits.index(digits.startIndex, offsetBy: pointAt)
                body = digits[..<i] + "." + digits[i...]
            }
        } else {
            let e = pointAt - 1
            let mantissa = digits.count == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
            let sign = e < 0 ? "-" : "+"
            let magnitude = abs(e)
            body = mantissa + "e" + sign + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return negative ? "-" + body : body
    }

    /// The shortest round-trip digits of `d` (no leading or trailing zeros) and the decimal
    /// exponent such that the value is 0.DIGITS x 10^exponent.
    static func shortestDigits(_ d: Double) -> (negative: Bool, digits: String, exponent: Int) {
        var text = abs(d).description  // e.g. "123.45", "1e-05", "1.5e+16", "0.001"
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var intPart = text
        var fracPart = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            fracPart = String(text[text.index(after: dot)...])
        }
        var digits = intPart + fracPart
        var exponent = intPart.count + exp10
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (d < 0, digits, exponent)
    }

    /// Python's `round(x, n)` for floats: the exact binary value rounded half-to-even at `n`
    /// decimals (glibc's `%.*f` rounds the exact value the same way), read back as a double.
    public static func round(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite else { return x }
        let text = String(format: "%.\(digits)f", x)
        return Double(text) ?? x
    }

    /// Python's `str()`: strings bare, everything else as `repr`.
    public static func str(_ value: PyValue) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    public static func repr(_ value: PyValue) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return floatRepr(d)
        case .string(let s): return stringRepr(s)
        case .list(let l): return "[" + l.map(repr).joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.map { stringRepr($0.0) + ": " + repr($0.1) }.joined(separator: ", ") + "}"
        }
    }

    /// `repr(str)`: single quotes unless the text holds a single quote and no double quote.
    public static func stringRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }
}
