import Foundation
import SupportSimCore

/// Why an export cannot be read or its drafts written: the place in the file (the CSV record's
/// line, the JSON line) when there is one, what was expected and what was found.
public struct TranscriptError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as the user named it.
    public var file: String
    /// 1-based; nil when the problem is the file as a whole (it cannot be read, it is empty).
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`; text from the file is made safe to print.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return SafeText.neutralized("\(place): \(message)")
    }

    /// A value from the file, quoted and cut short for a message.
    static func shown(_ text: String, limit: Int = 40) -> String {
        let cut = text.count > limit ? String(text.prefix(limit)) + "..." : text
        return "\"\(cut)\""
    }
}
