import Foundation
import SupportSimCore

/// The JSON writer as it was before it wrote bytes: the reference that the faster one must
/// match byte for byte, since goldens and results.json are compared as bytes.
enum LegacyJSONText {
    static func pretty(_ v: JSONValue) -> String {
        var out = ""
        write(v, to: &out, indent: 2, level: 0)
        return out + "\n"
    }

    static func compact(_ v: JSONValue) -> String {
        var out = ""
        write(v, to: &out, indent: nil, level: 0)
        return out
    }

    static func write(_ v: JSONValue, to out: inout String, indent: Int?, level: Int) {
        switch v {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let d): out.append(d.isNaN ? "null" : d.plainString)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, indent: indent, level: level + 1)
                write(item, to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out.append("]")
        case .object(let fields):
            if fields.isEmpty { out.append("{}"); return }
            out.append("{")
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, indent: indent, level: level + 1)
                writeString(key, to: &out)
                out.append(indent == nil ? ":" : ": ")
                write(fields[key]!, to: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out.append("}")
        }
    }

    static func newline(_ out: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        out.append("\n")
        out.append(String(repeating: " ", count: indent * level))
    }

    static func writeString(_ s: String, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "<": out.append("\\u003c")
            default:
                if scalar.value < 0x20 {
                    out.append(String(format: "\\u%04x", scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
