import Foundation

/// A history database that cannot be used, with the path and the reason.
public struct HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "the history database \(path) could not be used: \(reason)" }
}
