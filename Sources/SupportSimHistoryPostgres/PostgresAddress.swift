import Foundation
import SupportSimHistory

/// A PostgreSQL history's address: `postgres://USER@HOST:PORT/DATABASE` (also `postgresql://`),
/// with an optional `?sslmode=disable|prefer|require|verify-ca|verify-full` (default `prefer`,
/// as libpq).
///
/// The password is a secret: it never comes from a file of the repository, and it is never
/// printed. It is taken from the URL only when the URL itself came from the environment
/// (`SUPPORTSIM_HISTORY_URL`), else from `PGPASSWORD`; a URL written in the config or on the
/// command line that holds one is refused (`parse(_:origin:environment:)`). Every message shows
/// `redacted`, and `redact(_:)` strips the password from any text that might hold it.
public struct PostgresAddress: Sendable, Hashable {
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// Where the URL was written, which decides whether it may carry a password.
    public enum Origin: Sendable, Hashable {
        /// `SUPPORTSIM_HISTORY_URL` or another environment variable (named, for messages).
        case environment(String)
        /// The suite's config (`history:`), which is committed with the suite.
        case config
        /// A command-line option (named), which shells keep in their history and `ps` shows.
        case commandLine(String)
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// Never printed; nil when neither the URL (from the environment) nor `PGPASSWORD` has one.
    public var password: String?

    public init(user: String, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer,
                password: String? = nil)
    {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.password = password
    }

    /// Whether a history setting names a PostgreSQL database rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL with its password hidden: what every message shows.
    public var redacted: String { render(userInfo: password == nil ? Self.encode(user) : Self.encode(user) + ":***") }

    /// The URL without any password (to be given with `PGPASSWORD`).
    public var url: String { render(userInfo: Self.encode(user)) }

    private func render(userInfo: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(userInfo)@\(hostPart):\(port)/\(Self.encode(database))"
            + (sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)")
    }

    /// The same address on another database of the same server (tests make one per test).
    public func onDatabase(_ name: String) -> PostgresAddress {
        var a = self
        a.database = name
        return a
    }

    /// `text` with every occurrence of the password (plain and percent-encoded) replaced by `***`.
    public func redact(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        var out = text.replacingOccurrences(of: password, with: "***")
        let encoded = Self.encode(password)
        if encoded != password { out = out.replacingOccurrences(of: encoded, with: "***") }
        return out
    }

    /// Parses a history URL. The message of a thrown `HistoryError` never holds the password.
    /// - Parameters:
    ///   - origin: where `text` was written: only a URL from the environment may hold a password.
    ///   - environment: `PGPASSWORD` (the password when the URL has none) and `PGUSER`, `USER`
    ///     (the user when the URL names none).
    public static func parse(_ text: String, origin: Origin,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryError) -> PostgresAddress
    {
        let shown = Self.roughlyRedacted(text)
        func failure(_ reason: String) -> HistoryError { HistoryError(path: shown, reason: reason) }
        guard isPostgresURL(text), let components = URLComponents(string: text), let host = components.percentEncodedHost,
            !host.isEmpty
        else {
            throw failure("expected postgres://USER@HOST:PORT/DATABASE (the host may not be left out)")
        }
        if let password = components.password, !password.isEmpty {
            switch origin {
            case .environment:
                break
            case .config:
                throw failure("the config's history: URL holds a password, which would be committed with the suite; "
                              + "remove it and set PGPASSWORD, or put the whole URL in SUPPORTSIM_HISTORY_URL")
            case .commandLine(let option):
                throw failure("the URL of \(option) holds a password, which shells keep in their history and ps shows; "
                              + "remove it and set PGPASSWORD (or SUPPORTSIM_HISTORY_URL)")
            }
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? environment["USER"]
        guard let user, !user.isEmpty else { throw failure("name the user: postgres://USER@HOST/DATABASE (or set PGUSER)") }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        if database.isEmpty { database = user }
        guard !database.contains("/") else { throw failure("the path must be one database name, found \"\(database)\"") }
        var sslMode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw failure("sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")), "
                                  + "found \"\(item.value ?? "")\"")
                }
                sslMode = mode
            default:
                throw failure("unknown URL parameter \"\(item.name)\"; the only one is sslmode")
            }
        }
        let urlPassword = components.password.flatMap { $0.isEmpty ? nil : $0 }
        let envPassword = environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let hostName = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return PostgresAddress(user: user, host: hostName.removingPercentEncoding ?? hostName, port: components.port ?? 5432,
                               database: database, sslMode: sslMode, password: urlPassword ?? envPassword)
    }

    /// A URL that did not parse, for its error message: whatever stands between `//` and `@`
    /// after a colon is taken for a password and hidden.
    static func roughlyRedacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }

    private static func encode(_ s: String) -> String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@/")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
