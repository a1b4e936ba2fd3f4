import Foundation

/// A history database that cannot be used, with where it is and the reason.
public struct HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file path, or the URL with its password hidden.
    public var path: String
    public var reason: String
    /// The history is simply not there yet (no file, no tables): nothing was ever stored in it.
    public var isMissing: Bool

    public init(path: String, reason: String, isMissing: Bool = false) {
        self.path = path
        self.reason = reason
        self.isMissing = isMissing
    }

    public var description: String { "the history database \(path) could not be used: \(reason)" }
}
