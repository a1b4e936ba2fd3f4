/// Text from outside (an agent's reply, a suite value) made safe to show in a terminal, a
/// Markdown file or a web page: control characters and terminal escape sequences are shown as
/// visible `\u{1b}`-style escapes instead of being acted on, so a reply cannot clear a CI log,
/// retitle a terminal or hide text behind bidirectional overrides. Newlines and tabs are kept.
public enum SafeText {
    public static func neutralized(_ text: String) -> String {
        // Most text is printable ASCII: one pass over the bytes settles it.
        if isPrintableASCII(text) { return text }
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

    /// True when every byte is printable ASCII, a newline or a tab. Eight bytes at a time: a
    /// word with no byte below 0x20 and none at or above 0x7F is settled at once (every report
    /// passes every text through here); a word with one is looked at byte by byte.
    static func isPrintableASCII(_ text: String) -> Bool {
        @inline(__always) func printable(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x7F || b == 0x0A || b == 0x09 }
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return true }
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var i = 0
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let control = (w &- ones &* 0x20) & ~w & highs != 0
                let high = ((w &+ ones) | w) & highs != 0
                if control || high {
                    for j in i..<(i + 8) where !printable(bytes[j]) { return false }
                }
                i += 8
            }
            while i < bytes.count {
                if !printable(bytes[i]) { return false }
                i += 1
            }
            return true
        }
    }
}

/// What may appear in an identifier (scenario ids, record ids, tags).
public enum IdentifierText {
    /// C0 controls (tab and newline included), DEL and the C1 controls.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
