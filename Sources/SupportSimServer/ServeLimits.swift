import Foundation
import Synchronization

/// The limits that keep one client from exhausting `serve`: connections, timeouts, bodies,
/// MCP sessions, conversation worlds and stdio lines. Every one has a default that a developer
/// will not hit by hand; tests pass small values.
public struct ServeLimits: Sendable {
    /// A connection must send its first request head within this time (slow or half-sent heads).
    public var headerTimeout: Duration = .seconds(10)
    /// A connection with no request in progress is closed after this time; also the longest
    /// pause allowed between parts of a request body.
    public var idleTimeout: Duration = .seconds(30)
    /// Open connections at most; a new one past the cap closes the longest-idle one (or is
    /// refused when every connection is busy). Lowered at start to fit the descriptor limit.
    public var maxConnections = 10_000
    /// Request bodies (declared or chunked) at most, in bytes.
    public var maxBody = 1 << 20
    /// MCP sessions at most; past the cap the least recently used one is closed.
    public var maxSessions = 1_000
    /// An MCP session unused this long is closed.
    public var sessionIdle: Duration = .seconds(600)
    /// Conversation worlds at most (serve mode); past the cap the least recently used one is dropped.
    public var maxWorlds = 10_000
    /// A conversation world unused this long is dropped (its next call starts from the suite's world).
    public var worldIdle: Duration = .seconds(1_800)
    /// A stdio MCP line (one JSON-RPC message) at most, in bytes.
    public var maxLine = 8 << 20

    public init() {}
}

/// Where "a limit was hit" lines go. Rate limited per kind (one line per 5 s, with a count of
/// the ones left out), so a flood of 20,000 expiring connections costs a handful of lines.
public final class LimitLog: Sendable {
    public let write: @Sendable (String) -> Void
    private let last = Mutex<[String: (at: ContinuousClock.Instant, suppressed: Int)]>([:])

    public init(write: @escaping @Sendable (String) -> Void = LimitLog.standardError) {
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data("supportsim serve: \(line)\n".utf8))
    }

    /// Logs `message` unless a line of the same kind went out less than 5 s ago.
    public func hit(_ kind: String, _ message: @autoclosure () -> String) {
        let now = ContinuousClock.now
        let suppressed: Int? = last.withLock { table in
            if let previous = table[kind], now - previous.at < .seconds(5) {
                table[kind]!.suppressed += 1
                return nil
            }
            let count = table[kind]?.suppressed ?? 0
            table[kind] = (now, 0)
            return count
        }
        guard let suppressed else { return }
        write(message() + (suppressed > 0 ? " (and \(suppressed) more like it since the last such line)" : ""))
    }
}
