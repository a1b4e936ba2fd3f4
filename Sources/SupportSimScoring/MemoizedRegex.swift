import Foundation
import SupportSimCore

/// A policy's regular expression with its first match in each text kept. A suite's scripted
/// customer messages come back in every trial, a deterministic agent's replies in every trial
/// too, and each conversation asks its must-escalate terms twice (for its violations and for
/// its escalation figure): ICU matching was most of the policy engine's time.
final class MemoizedRegex: Sendable {
    let regex: NSRegularExpression
    private let memo = BoundedMemo<String, NSRange?>(capacity: 20_000)

    init(_ regex: NSRegularExpression) { self.regex = regex }

    /// The first match's range (in UTF-16 units, as `NSString` counts), or nil.
    func firstMatch(in text: String) -> NSRange? {
        memo.value(text) { text in
            regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count))?.range
        }
    }
}
