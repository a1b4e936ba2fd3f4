import Foundation
import SupportSimCore

/// Escaping for each output format. Scenario titles, agent replies, evidence and audit data are
/// written by people and agents we do not control, so nothing reaches a report unescaped.
enum Escape {
    /// Text and attribute values in HTML (and in SVG inside HTML).
    static func html(_ text: String) -> String {
        let s = SafeText.neutralized(text)
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text and attribute values in XML 1.0. Characters XML cannot carry at all (most control
    /// characters) become U+FFFD, and line breaks in attributes are kept as character references
    /// because parsers turn literal ones into spaces. Quotes are left alone in text, where they
    /// mean nothing, so CI logs that show the raw text stay readable.
    static func xml(_ text: String, attribute: Bool = false) -> String {
        let s = SafeText.neutralized(text)
        // Most values (ids, file names, plain sentences) need nothing: one pass over the bytes
        // settles it. 0xEF leads the encodings of U+FFFE and U+FFFF, which are replaced.
        let plain = !s.utf8.contains { b in
            b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0xEF || attribute && (b == 0x22 || b == 0x27)
        }
        if plain { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// Inline Markdown (GitHub flavour), safe inside a table cell: punctuation that Markdown
    /// gives meaning to is backslash-escaped, `|` cannot end the cell, HTML cannot open a tag,
    /// `@` cannot mention anyone, and line breaks become spaces so one value stays on one line.
    static func markdown(_ s: String, limit: Int = 300) -> String {
        var text = SafeText.neutralized(s)
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "!", "|", "~", "$":
                out += "\\"
                out.unicodeScalars.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "@": out += "@\u{200B}"  // a zero-width space: no @-mention from a report
            case "\n", "\r", "\t": out += " "
            default:
                if c.value < 0x20 { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}

/// How figures are written in every report, so the Markdown, the HTML and the terminal agree.
enum Format {
    static func percent(_ x: Double?) -> String {
        guard let x else { return "n/a" }
        return String(format: "%.1f%%", x * 100)
    }

    /// `91.2–98.1%`
    static func interval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "" }
        return String(format: "%.1f–%.1f%%", low * 100, high * 100)
    }

    /// Milliseconds as people read them: `850 ms`, `12.4 s`, `3.2 min`.
    static func duration(_ ms: Double?) -> String {
        guard let ms else { return "n/a" }
        if ms < 1000 { return String(format: "%.0f ms", ms) }
        if ms < 120_000 { return String(format: "%.1f s", ms / 1000) }
        return String(format: "%.1f min", ms / 60_000)
    }

    static func number(_ x: Double?, digits: Int = 2) -> String {
        guard let x else { return "n/a" }
        return String(format: "%.\(digits)f", x)
    }

    /// Virtual seconds for JUnit `time` attributes.
    static func seconds(_ ms: Int) -> String { String(format: "%.3f", Double(ms) / 1000) }
}
