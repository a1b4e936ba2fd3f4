import Foundation
import SupportSimHistory
import SupportSimHistoryPostgres
import SupportSimTesting
import Testing

/// The two implementations of the history, for tests that run against each. PostgreSQL is found
/// through `SUPPORTSIM_TEST_POSTGRES_URL` (.ci/run starts a server and sets it); without it the
/// PostgreSQL cases are left out, and `PostgresServerTests` says so, except under
/// `SUPPORTSIM_REQUIRE_ALL=1`, where they run and fail (ExternalClients' rule).
enum HistoryBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let serverVariable = "SUPPORTSIM_TEST_POSTGRES_URL"
    static let missingServer = "needs a PostgreSQL server: install Debian's postgresql and set \(serverVariable)="
        + "postgres://USER:PASSWORD@127.0.0.1:PORT/postgres for a user who may create databases (.ci/run does both)"

    static var postgresServerURL: String? {
        ProcessInfo.processInfo.environment[serverVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The backends the history tests run against here.
    static var available: [HistoryBackend] {
        postgresServerURL != nil || ExternalClients.requireAll ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The test server's address (its database `postgres`, for creating others).
    static func server() throws -> PostgresAddress {
        guard let url = postgresServerURL else { throw HistoryError(path: serverVariable, reason: missingServer) }
        return try PostgresAddress.parse(url, origin: .environment(serverVariable), environment: [:])
    }

    /// Runs `body` with a history of its own: a new SQLite file, or a new PostgreSQL database
    /// (dropped afterwards), so that tests run in parallel without seeing each other's runs.
    /// - Parameter suite: a suite folder whose default history location (`.supportsim/history.sqlite`)
    ///   the SQLite history takes, for tests through the binary.
    func withScratch<T>(suite: URL? = nil, _ body: (ScratchHistory) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = suite ?? Fixtures.temporaryFolder("history")
            let scratch = ScratchHistory(backend: self, sqlite: folder.appendingPathComponent(".supportsim/history.sqlite"),
                                         postgres: nil)
            defer { if suite == nil { try? FileManager.default.removeItem(at: folder) } }
            return try await body(scratch)
        case .postgres:
            let server = try Self.server()
            let database = try PostgresScratchDatabase.create(on: server)
            defer { try? PostgresScratchDatabase.drop(database, server: server) }
            return try await body(ScratchHistory(backend: self, sqlite: nil, postgres: database))
        }
    }
}

/// One test's own history, opened as many times as the test likes (each open its own connection).
struct ScratchHistory: Sendable {
    let backend: HistoryBackend
    let sqlite: URL?
    let postgres: PostgresAddress?

    func open() throws -> any RunHistoryTestingAccess {
        if let sqlite { return try SQLiteHistory.open(at: sqlite) }
        return try PostgresHistory.open(postgres!)
    }

    func openReadOnly() throws -> any RunHistoryTestingAccess {
        if let sqlite { return try SQLiteHistory.openReadOnly(at: sqlite) }
        return try PostgresHistory.openReadOnly(postgres!)
    }

    /// What the binary needs in its environment to use this history (for SQLite at the suite's
    /// default location, no SUPPORTSIM_HISTORY_URL; for PostgreSQL the URL and, apart, its password).
    var environment: [String: String] {
        guard let postgres else { return ["SUPPORTSIM_HISTORY_URL": ""] }
        return ["SUPPORTSIM_HISTORY_URL": postgres.url, "PGPASSWORD": postgres.password ?? ""]
    }

    /// Where messages name it.
    var location: String { sqlite?.path ?? postgres!.redacted }
}

/// Says, once, why the PostgreSQL cases did not run.
struct PostgresServerTests {
    @Test(.enabled(if: HistoryBackend.postgresServerURL != nil || ExternalClients.requireAll, Comment(rawValue: HistoryBackend.missingServer)))
    func theTestServerAnswers() async throws {
        let server = try HistoryBackend.server()
        try await HistoryBackend.postgres.withScratch { scratch in
            let store = try scratch.open()
            #expect(try store.runs().isEmpty)
            #expect(store.location == scratch.postgres?.redacted && !store.location.contains(server.password ?? "\u{0}"))
        }
    }
}
