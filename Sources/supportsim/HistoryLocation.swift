import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimHistoryPostgres

/// Where a suite's history lives: `SUPPORTSIM_HISTORY_URL` when it is set, else the config's
/// `history:`. Either is a SQLite path (relative to the suite folder) or a PostgreSQL URL,
/// `postgres://USER@HOST:PORT/DATABASE`. Only the environment variable may carry a password; a
/// config that holds one is refused (it would be committed with the suite), and `PGPASSWORD`
/// gives the password otherwise.
enum HistoryLocation {
    enum Address: Sendable {
        case sqlite(URL)
        case postgres(PostgresAddress)

        /// For messages: the path, or the URL with its password hidden.
        var shown: String {
            switch self {
            case .sqlite(let url): url.path
            case .postgres(let address): address.redacted
            }
        }
    }

    static let environmentVariable = "SUPPORTSIM_HISTORY_URL"

    static func address(for suite: Suite, environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryError)
        -> Address
    {
        if let value = environment[environmentVariable], !value.isEmpty {
            return try address(value, origin: .environment(environmentVariable), relativeTo: suite.root, environment: environment)
        }
        return try address(suite.config.history, origin: .config, relativeTo: suite.root, environment: environment)
    }

    /// A path or URL given as `origin`; a relative path is taken from `folder`.
    static func address(_ value: String, origin: PostgresAddress.Origin, relativeTo folder: URL,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryError) -> Address
    {
        if PostgresAddress.isPostgresURL(value) {
            return .postgres(try PostgresAddress.parse(value, origin: origin, environment: environment))
        }
        return .sqlite(value.hasPrefix("/") ? URL(fileURLWithPath: value) : folder.appendingPathComponent(value))
    }

    static func open(_ address: Address) throws(HistoryError) -> any RunHistory {
        switch address {
        case .sqlite(let url): try SQLiteHistory.open(at: url)
        case .postgres(let a): try PostgresHistory.open(a)
        }
    }

    static func openReadOnly(_ address: Address) throws(HistoryError) -> any RunHistory {
        switch address {
        case .sqlite(let url): try SQLiteHistory.openReadOnly(at: url)
        case .postgres(let a): try PostgresHistory.openReadOnly(a)
        }
    }

    /// The suite's history address, or says why it is not one and exits 2 (the config is invalid).
    static func resolved(_ suite: Suite) throws -> Address {
        do {
            return try address(for: suite)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }

    /// Opens the suite's history for reading only (`history`, `show`): works on a history the
    /// user cannot write, and changes nothing in it.
    static func openReadOnly(_ suite: Suite) throws -> any RunHistory {
        let address = try resolved(suite)
        do {
            return try openReadOnly(address)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }

    /// Opens the suite's history, or says why not and exits 3 (metrics.md, "Exit codes").
    static func open(_ suite: Suite) throws -> any RunHistory {
        let address = try resolved(suite)
        do {
            return try open(address)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }
}
