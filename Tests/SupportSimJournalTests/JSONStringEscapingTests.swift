import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// Strings are escaped eight bytes at a time where nothing needs escaping. Every character that
/// does, at every position against those eight-byte words, must come out as the plain
/// byte-by-byte rule writes it, and the text must read back the same.
struct JSONStringEscapingTests {
    /// The rule, one scalar at a time: `"`, `\`, `<` and control characters escaped, the rest as is.
    private func reference(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(format: "%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private func written(_ s: String) -> String {
        var out: [UInt8] = []
        JSONValue.appendJSONString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func everySpecialCharacterAtEveryOffsetIsEscapedAsTheRuleSays() throws {
        let specials: [String] = ["\"", "\\", "<", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", " ", "=", ">", "é", "€", "😀", "\u{2028}"]
        for special in specials {
            for offset in 0..<20 {
                for length in [offset + 1, offset + 3, offset + 9, 24] where length > offset {
                    let s = String(repeating: "a", count: offset) + special + String(repeating: "b", count: max(0, length - offset - 1))
                    #expect(written(s) == reference(s), "\(special.unicodeScalars.map(\.value)) at \(offset)")
                    #expect(try JSONValue.parse(written(s)) == .string(s))
                }
            }
        }
        #expect(written("") == "\"\"")
    }

    @Test func randomTextMatchesTheRule() throws {
        var generator = SeededRandom(seed: 19)  // fixed: a failure can be replayed
        let alphabet = Array("ab <>\"\\\n\t\u{1}é€😀xyz0123456789")
        for _ in 0..<500 {
            let s = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(written(s) == reference(s), "\(s.debugDescription)")
        }
    }
}


/// Text shown in terminals and reports is checked eight bytes at a time for anything that is not
/// printable ASCII; an escape character anywhere, at any offset against those words, must still
/// be disarmed, and plain text (line breaks and tabs included) left exactly as it is.
struct SafeTextScanTests {
    @Test func aControlCharacterAtAnyOffsetIsNeutralized() {
        for control in ["\u{1b}", "\u{0}", "\u{7f}", "\u{8}", "\r"] {
            for offset in 0..<19 {
                let text = String(repeating: "x", count: offset) + control + "[31m tail"
                let shown = SafeText.neutralized(text)
                #expect(!shown.contains(control), "\(control.unicodeScalars.first!.value) at \(offset)")
                #expect(shown.contains("\\u{"))
            }
        }
    }

    @Test func printableTextIsLeftAsItIs() {
        for text in ["", "short", "exactly8", "a longer sentence, with\nlines\tand tabs, over many words.", "café 😀 naïve",
                     String(repeating: "~", count: 33)] {
            #expect(SafeText.neutralized(text) == text)
        }
    }
}
