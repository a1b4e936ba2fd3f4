import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import SupportSimHistory

/// One connection to a history database, for synchronous callers (command bodies, the runner's
/// progress callback): each call sends its statements on the connection's NIO event loop and
/// blocks the calling thread until the server has answered. The waiting never needs a thread of
/// Swift's concurrency pool, only NIO's own, so it cannot starve the tasks that called it.
///
/// Calls are serialized (one transaction at a time on the connection); a dropped connection is
/// opened again on the next call. Every error becomes a `HistoryError` whose text names the
/// database by its redacted URL and never holds the password.
final class PostgresSession: @unchecked Sendable {
    let address: PostgresAddress
    let readOnly: Bool
    private let lock = NIOLock()
    /// Guarded by `lock`.
    private var connection: PostgresConnection?
    /// The runs this session writes, whose writer locks it holds (`PostgresWriterLocks`); taken
    /// again if the connection is opened again. Guarded by `lock`.
    private var writing: Set<String> = []
    static let logger = Logger(label: "supportsim.history.postgres") { _ in SwiftLogNoOpLogHandler() }

    init(address: PostgresAddress, readOnly: Bool) throws(HistoryError) {
        self.address = address
        self.readOnly = readOnly
        do {
            try lock.withLock { _ = try connected() }
        } catch {
            throw failure(error)
        }
    }

    deinit {
        // postgres-nio requires a connection closed before it is released: the closure keeps it
        // until then.
        if let connection, !connection.isClosed { connection.close().whenComplete { _ in _ = connection } }
    }

    /// Runs `body` in one transaction (BEGIN … COMMIT; ROLLBACK when it throws). A transaction the
    /// server aborted for a deadlock or a serialization failure is tried again, a few times.
    func transaction<T: Sendable>(_ body: (PostgresStatements) throws -> T) throws(HistoryError) -> T {
        var attempt = 1
        while true {
            do {
                return try lock.withLock {
                    let statements = PostgresStatements(connection: try connected())
                    try statements.execute("BEGIN")
                    do {
                        let value = try body(statements)
                        try statements.execute("COMMIT")
                        return value
                    } catch {
                        _ = try? statements.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 5 && Self.isRetryable(error) {
                attempt += 1
                usleep(UInt32(10_000 * attempt))
            } catch {
                throw failure(error)
            }
        }
    }

    /// Runs `body` outside a transaction (each statement its own): for reads of one statement.
    func withStatements<T: Sendable>(_ body: (PostgresStatements) throws -> T) throws(HistoryError) -> T {
        do {
            return try lock.withLock { try body(PostgresStatements(connection: try connected())) }
        } catch {
            throw failure(error)
        }
    }

    /// Takes the writer lock of a run this session is about to store, for as long as it lives.
    func holdWriterLock(_ runID: String) throws(HistoryError) {
        try withStatements { s in
            try s.query(PostgresWriterLocks.acquire(runID))
            writing.insert(runID)
        }
    }

    /// Gives it up once the run is finished (or was never stored).
    func releaseWriterLock(_ runID: String) throws(HistoryError) {
        try withStatements { s in
            guard writing.remove(runID) != nil else { return }
            try s.query(PostgresWriterLocks.release(runID))
        }
    }

    func close() {
        lock.withLock {
            _ = try? connection?.close().wait()
            connection = nil
        }
    }

    // MARK: - Connecting

    /// The open connection, opened (again) when there is none. Call with `lock` held.
    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try Self.tls(address.sslMode))
        configuration.options.additionalStartupParameters = [("application_name", "supportsim")]
        let opened = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                    configuration: configuration, id: 1, logger: Self.logger).wait()
        if readOnly {
            // The server itself then refuses every write of this session.
            _ = try opened.query("SET default_transaction_read_only = on", logger: Self.logger).wait()
        }
        // A connection opened again takes the writer locks of the runs it is still writing.
        for runID in writing { _ = try opened.query(PostgresWriterLocks.acquire(runID), logger: Self.logger).wait() }
        connection = opened
        return opened
    }

    /// libpq's meanings: `prefer` and `require` encrypt without checking the certificate,
    /// `verify-ca` checks it against the system's authorities, `verify-full` the host name too.
    private static func tls(_ mode: PostgresAddress.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: tls)
        return mode == .prefer ? .prefer(context) : .require(context)
    }

    private static func isRetryable(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    // MARK: - Errors

    func failure(_ error: any Error) -> HistoryError {
        if let e = error as? HistoryError {
            return HistoryError(path: address.redacted, reason: address.redact(e.reason), isMissing: e.isMissing)
        }
        return HistoryError(path: address.redacted, reason: address.redact(describe(error)))
    }

    /// What went wrong, in words a user can act on. PSQLError's own description is a placeholder
    /// (by design, so as not to leak data), and its debug description holds the query and binds.
    func describe(_ error: any Error) -> String {
        guard let e = error as? PSQLError else { return "\(error)" }
        switch e.code {
        case .server:
            let info = e.serverInfo
            let message = info?[.message] ?? "the server refused the request"
            let state = info?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let hint: String
            switch info?[.sqlState] {
            case "28P01"?, "28000"?:
                hint = address.password == nil
                    ? "; set PGPASSWORD, or put the URL with its password in SUPPORTSIM_HISTORY_URL"
                    : "; check the password in PGPASSWORD or SUPPORTSIM_HISTORY_URL"
            case "42501"?:
                hint = "; the user \(address.user) may not create or write the history's tables in \(address.database): "
                    + "use a database it owns (createdb -O \(address.user) NAME), or grant it CREATE and INSERT there"
            case "3D000"?:
                hint = "; create it (createdb \(address.database)) or name another database in the URL"
            default:
                hint = info?[.detail].map { ": \($0)" } ?? ""
            }
            return message + state + hint
        case .connectionError:
            return "cannot connect to \(address.host):\(address.port) (\(Self.reason(e.underlying))); "
                + "is the PostgreSQL server running there?"
        case .authMechanismRequiresPassword:
            return "the server asks for a password: set PGPASSWORD, or put the URL with its password in SUPPORTSIM_HISTORY_URL"
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode=\(address.sslMode.rawValue) requires"
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "the connection to \(address.host):\(address.port) was closed (\(e.code))"
        default:
            return "PostgreSQL client error \(e.code)"
        }
    }
}

extension PostgresSession {
    /// Why a connection failed, in a few words: "Connection refused", "timed out".
    static func reason(_ error: (any Error)?) -> String {
        var error = error
        if let e = error as? NIOConnectionError, let first = e.connectionErrors.first { error = first.error }
        if let e = error as? IOError { return String(cString: strerror(e.errnoCode)) }
        if let e = error as? ChannelError, case .connectTimeout = e { return "timed out" }
        return error.map { "\($0)" } ?? "no answer"
    }
}

/// The statements of one session call, each blocking until the server has answered.
struct PostgresStatements {
    let connection: PostgresConnection

    /// Runs a query with binds (`PostgresQuery`'s interpolation makes them) and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(query, logger: PostgresSession.logger).wait()
    }

    /// Runs one statement without binds (DDL, BEGIN, COMMIT).
    func execute(_ sql: String) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresSession.logger).wait()
    }

    /// The number of rows an UPDATE, INSERT or DELETE changed.
    func changes(_ query: PostgresQuery) throws -> Int {
        try self.query(query).metadata.rows ?? 0
    }
}
