import Foundation
@testable import SupportSimReports
import Testing

/// junit.xml's text and attributes: a value with nothing to escape is returned as it is (the
/// common case, checked in one pass); any character that needs escaping sends it the long way.
struct XMLEscapingTests {
    @Test(arguments: [
        ("plain text, ids and-dashes/paths.yaml", false, "plain text, ids and-dashes/paths.yaml"),
        ("café 😀 ünïcode", true, "café 😀 ünïcode"),
        ("a & b", false, "a &amp; b"),
        ("<tag>", false, "&lt;tag&gt;"),
        ("say \"hi\" 'there'", false, "say \"hi\" 'there'"),
        ("say \"hi\" 'there'", true, "say &quot;hi&quot; &apos;there&apos;"),
        ("line\nbreak\ttab", false, "line\nbreak\ttab"),
        ("line\nbreak\ttab", true, "line&#10;break&#9;tab"),
        ("cr\r", false, "cr\\u{d}"),  // disarmed as text before it is escaped
        ("bell\u{07}", false, "bell\\u{7}"),
        ("nonchar\u{FFFF}\u{FFFE} kept \u{FFFD}", false, "nonchar\u{FFFD}\u{FFFD} kept \u{FFFD}"),
    ])
    func escapesExactlyWhatXMLNeeds(_ text: String, _ attribute: Bool, _ expected: String) {
        #expect(Escape.xml(text, attribute: attribute) == expected)
    }
}
