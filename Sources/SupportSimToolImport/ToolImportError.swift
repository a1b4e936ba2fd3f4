import Foundation
import SupportSimCore

/// Why a file cannot be imported: each problem with its place in the file when there is one.
public struct ToolImportError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Problem: Sendable, Hashable {
        /// 1-based, when the problem has a place in the file.
        public var line: Int?
        public var column: Int?
        public var message: String

        public init(line: Int? = nil, column: Int? = nil, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// The file as the user named it.
    public var file: String
    public var problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.init(file: file, problems: [Problem(line: line, column: column, message: message)])
    }

    /// `file:line:column: message`, one problem a line; text from the file is made safe to print.
    public var description: String {
        problems.map { p in
            var place = file
            if let line = p.line {
                place += ":\(line)"
                if let column = p.column { place += ":\(column)" }
            }
            return SafeText.neutralized("\(place): \(p.message)")
        }.joined(separator: "\n")
    }
}
