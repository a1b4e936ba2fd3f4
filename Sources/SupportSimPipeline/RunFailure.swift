/// Why a run could not be carried out, and which exit status that is (metrics.md, "Exit codes").
/// The pipeline prints nothing: the command line prints `message` and exits with `status`, so
/// the same stages can run under another front end (a server, a test) that reports differently.
public struct RunFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Status: Int32, Sendable {
        /// The suite, the command line or a stopped run cannot be used as given: exit 2.
        case invalidInput = 2
        /// The harness could not do its part (agent, journal, history, reports): exit 3.
        case harnessFailure = 3
    }

    public let status: Status
    /// What went wrong, without the `error: ` the command line puts before it.
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func invalidInput(_ message: String) -> RunFailure { RunFailure(.invalidInput, message) }
    public static func harnessFailure(_ message: String) -> RunFailure { RunFailure(.harnessFailure, message) }

    public var description: String { message }
}
