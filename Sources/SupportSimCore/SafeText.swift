/// Text from outside (an agent's reply, a suite value) made safe to show in a terminal, a
/// Markdown file or a web page: control characters and terminal escape sequences are shown as
/// visible `\u{1b}`-style escapes instead of being acted on, so a reply cannot clear a CI log,
/// retitle a terminal or hide text behind bidirectional overrides. Newlines and tabs are kept.
public enum SafeText {
    public static func neutralized(_ text: String) -> String {
        // Most text is printable ASCII: one pass over the bytes settles it.
        if !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 >= 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// ESC starts every terminal sequence (CSI, OSC, DCS); escaping it disarms the whole
    /// sequence, and the rest prints as plain characters.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return IdentifierText.isControl(scalar) || isBidiControl(scalar)
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
    }
}

/// What may appear in an identifier (scenario ids, record ids, tags).
public enum IdentifierText {
    /// C0 controls (tab and newline included), DEL and the C1 controls.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
