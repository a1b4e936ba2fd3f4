import Foundation
import SupportSimCore

/// Scalars for the drafts' YAML, written by hand (this module depends on Core alone): plain
/// where YAML reads them back unchanged, else double-quoted with escapes, so that any text of
/// an export (quotes, colons, `#`, line breaks, control characters) round-trips.
enum YAMLText {
    static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    static func quoted(_ text: String) -> String { YAMLQuoting.doubleQuoted(text) }

    /// Identifiers and words: letters, digits and `-_./@+`, not starting with a sign or a
    /// digit (which YAML might read as a number or a date), and no word YAML gives a meaning.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./@+"))
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else { return false }
        return !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
    }
}
