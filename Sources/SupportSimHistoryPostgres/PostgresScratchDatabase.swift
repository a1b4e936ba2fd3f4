import Foundation
import SupportSimHistory

/// Databases made and dropped on a server, for the package's tests: each test gets its own, so
/// that tests run in parallel without seeing each other's runs.
package enum PostgresScratchDatabase {
    /// Creates a database of a unique name on `server`'s server; returns its address.
    package static func create(on server: PostgresAddress, prefix: String = "supportsim_test") throws(HistoryError) -> PostgresAddress {
        let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresSession(address: server, readOnly: false)
        defer { admin.close() }
        try admin.withStatements { s in try s.execute("CREATE DATABASE \(name)") }
        return server.onDatabase(String(name))
    }

    /// Runs statements on a database without opening it as a history (no migrations): tests that
    /// build an older schema by hand.
    package static func execute(_ statements: [String], on database: PostgresAddress) throws(HistoryError) {
        let session = try PostgresSession(address: database, readOnly: false)
        defer { session.close() }
        try session.withStatements { s in for sql in statements { try s.execute(sql) } }
    }

    /// Drops it, closing whatever connections are still open to it.
    package static func drop(_ database: PostgresAddress, server: PostgresAddress) throws(HistoryError) {
        let admin = try PostgresSession(address: server, readOnly: false)
        defer { admin.close() }
        let name = database.database
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
        try admin.withStatements { s in try s.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
}
