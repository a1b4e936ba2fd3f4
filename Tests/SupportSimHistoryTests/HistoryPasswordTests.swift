import Foundation
import SupportSimHistory
import SupportSimHistoryPostgres
import SupportSimTesting
import Testing

/// A PostgreSQL history's password: only from the environment (SUPPORTSIM_HISTORY_URL or
/// PGPASSWORD), never from the config or the command line, and never printed, whatever fails.
@Suite(.serialized)
struct HistoryPasswordTests {
    static let secret = "s3cret-\(UUID().uuidString.prefix(8))"

    /// Neither output holds the secret, plain or percent-encoded.
    static func expectHidden(_ r: SupportSimBinary.Result, _ secret: String = secret, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in [r.stdout, r.stderr] {
            #expect(!text.contains(secret), "the password was printed: \(text)", sourceLocation: sourceLocation)
        }
    }

    static func suite(history: String) throws -> URL {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let config = suite.appendingPathComponent("supportsim.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data((text + "\nhistory: \(history)\n").utf8).write(to: config)
        return suite
    }

    @Test func aConfigWhoseHistoryURLHoldsAPasswordIsRefusedWithoutPrintingIt() throws {
        let suite = try Self.suite(history: "postgres://ci:\(Self.secret)@127.0.0.1:9/history")
        for arguments in [["validate", suite.path], ["run", suite.path], ["history", suite.path], ["show", "latest", "--suite", suite.path],
                          ["drift", suite.path], ["golden", "approve", suite.path]] {
            let r = try SupportSimBinary.run(arguments, environment: ["SUPPORTSIM_HISTORY_URL": "", "PGPASSWORD": ""])
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("PGPASSWORD") && r.stderr.contains("postgres://ci:***@127.0.0.1:9/history"), "\(r.stderr)")
            Self.expectHidden(r)
        }
    }

    @Test func anUnreachableServerIsExitThreeAndNamedWithThePasswordHidden() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        // Port 9 (discard): nothing listens there on a test machine.
        let cases: [[String: String]] = [
            ["SUPPORTSIM_HISTORY_URL": "postgres://ci:\(Self.secret)@127.0.0.1:9/history"],
            ["SUPPORTSIM_HISTORY_URL": "postgresql://ci@127.0.0.1:9/history", "PGPASSWORD": Self.secret],
        ]
        for env in cases {
            let run = try SupportSimBinary.run(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path], environment: env)
            #expect(run.status == 3, "\(run.stderr)")
            #expect(run.stderr.contains("postgres://ci:***@127.0.0.1:9/history") && run.stderr.contains("cannot connect"), "\(run.stderr)")
            Self.expectHidden(run)
            let listing = try SupportSimBinary.run(["history", suite.path], environment: env)
            #expect(listing.status == 3)
            Self.expectHidden(listing)
        }
    }

    @Test func aPasswordOnTheCommandLineIsRefusedWithoutPrintingIt() throws {
        let r = try SupportSimBinary.run(["history", "copy", "--from", "x.sqlite", "--to", "postgres://ci:\(Self.secret)@127.0.0.1:9/h"])
        #expect(r.status == 2 && r.stderr.contains("PGPASSWORD"), "\(r.stderr)")
        Self.expectHidden(r)
        let missing = try SupportSimBinary.run(["history", "copy", "--from", "/nonexistent/history.sqlite", "--to",
                                                Fixtures.temporaryFolder("copy").appendingPathComponent("h.sqlite").path])
        #expect(missing.status == 2 && missing.stderr.contains("check --from"), "\(missing.stderr)")
    }

    @Test(.enabled(if: HistoryBackend.available.contains(.postgres), Comment(rawValue: HistoryBackend.missingServer)))
    func aWrongPasswordIsSaidSoWithoutPrintingEitherPassword() async throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        try await HistoryBackend.postgres.withScratch { scratch in
            let database = try #require(scratch.postgres)
            let r = try SupportSimBinary.run(["run", suite.path, "--out", Fixtures.temporaryFolder("reports").path],
                                             environment: ["SUPPORTSIM_HISTORY_URL": database.url, "PGPASSWORD": Self.secret])
            #expect(r.status == 3, "the test server must ask for passwords (.ci/postgres sets scram-sha-256): \(r.stderr)")
            #expect(r.stderr.contains("password authentication failed") && r.stderr.contains(database.redacted), "\(r.stderr)")
            Self.expectHidden(r)
            Self.expectHidden(r, try #require(database.password))
        }
    }

    @Test(.enabled(if: HistoryBackend.available.contains(.postgres), Comment(rawValue: HistoryBackend.missingServer)))
    func aConfigURLWithoutPasswordTakesPGPASSWORDAndHistoryCopyMovesTheLocalRunsOver() async throws {
        try await HistoryBackend.postgres.withScratch { scratch in
            let database = try #require(scratch.postgres)
            let password = try #require(database.password)
            // Two runs in the suite's local SQLite history.
            let local = Fixtures.copy(Fixtures.acmeMini)
            let out = Fixtures.temporaryFolder("reports").path
            for _ in 0..<2 {
                #expect(try SupportSimBinary.run(["run", local.path, "--out", out, "-q"], environment: ["SUPPORTSIM_HISTORY_URL": ""]).status == 0)
            }
            let sqlite = local.appendingPathComponent(".supportsim/history.sqlite").path

            let copy = try SupportSimBinary.run(["history", "copy", "--from", sqlite, "--to", database.url],
                                                environment: ["PGPASSWORD": password, "SUPPORTSIM_HISTORY_URL": ""])
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.stdout.contains("2 run(s) copied, 0 already there"), "\(copy.stdout)")
            Self.expectHidden(copy, password)
            let again = try SupportSimBinary.run(["history", "copy", "--from", sqlite],
                                                 environment: ["SUPPORTSIM_HISTORY_URL": database.url, "PGPASSWORD": password])
            #expect(again.status == 0 && again.stdout.contains("0 run(s) copied, 2 already there"), "\(again.stdout)\(again.stderr)")

            // The team's suite names the database in its config, with no password: PGPASSWORD gives it.
            let team = try Self.suite(history: database.url)
            let run = try SupportSimBinary.run(["run", team.path, "--out", out, "-q"], environment: ["PGPASSWORD": password, "SUPPORTSIM_HISTORY_URL": ""])
            #expect(run.status == 0, "\(run.stderr)")
            let listing = try SupportSimBinary.run(["history", team.path], environment: ["PGPASSWORD": password, "SUPPORTSIM_HISTORY_URL": ""])
            #expect(listing.stdout.split(separator: "\n").count == 4, "a header and three runs: \(listing.stdout)")
            Self.expectHidden(listing, password)
            #expect(!FileManager.default.fileExists(atPath: team.appendingPathComponent(".supportsim").path), "nothing local")
            let noPassword = try SupportSimBinary.run(["history", team.path], environment: ["PGPASSWORD": "", "SUPPORTSIM_HISTORY_URL": ""])
            #expect(noPassword.status == 3 && noPassword.stderr.contains("PGPASSWORD"), "\(noPassword.stderr)")
        }
    }
}

/// Parsing history URLs: the forms, and the password rules, without a server.
struct PostgresAddressTests {
    @Test func theURLFormsAreRead() throws {
        let a = try PostgresAddress.parse("postgres://ci@db.example:6543/history?sslmode=require", origin: .config, environment: [:])
        #expect(a.user == "ci" && a.host == "db.example" && a.port == 6543 && a.database == "history" && a.sslMode == .require)
        #expect(a.password == nil && a.url == "postgres://ci@db.example:6543/history?sslmode=require")
        let b = try PostgresAddress.parse("postgresql://db.example/", origin: .config, environment: ["PGUSER": "team"])
        #expect(b.user == "team" && b.port == 5432 && b.database == "team", "libpq's defaults")
        let c = try PostgresAddress.parse("postgres://ci@[::1]:5433/h", origin: .config, environment: ["PGPASSWORD": "pw"])
        #expect(c.host == "::1" && c.password == "pw" && c.redacted == "postgres://ci:***@[::1]:5433/h")
        for bad in ["postgres://ci@/h", "postgres://ci@h/a/b", "postgres://ci@h/d?sslmode=always", "postgres://ci@h/d?pool=3"] {
            #expect(throws: HistoryError.self, "\(bad)") { try PostgresAddress.parse(bad, origin: .config, environment: [:]) }
        }
    }

    @Test func aPasswordIsTakenOnlyFromTheEnvironmentAndHiddenEverywhere() throws {
        let url = "postgres://ci:p%40ss%3Azq9x@h:5432/d"
        let fromEnvironment = try PostgresAddress.parse(url, origin: .environment("SUPPORTSIM_HISTORY_URL"),
                                                        environment: ["PGPASSWORD": "other"])
        #expect(fromEnvironment.password == "p@ss:zq9x", "the URL's own password comes first")
        #expect(fromEnvironment.redacted == "postgres://ci:***@h:5432/d" && !fromEnvironment.url.contains("zq9x"))
        #expect(fromEnvironment.redact("failed for p@ss:zq9x and p%40ss%3Azq9x") == "failed for *** and ***")
        for origin in [PostgresAddress.Origin.config, .commandLine("--to")] {
            let error = try #require(throws: HistoryError.self) { try PostgresAddress.parse(url, origin: origin, environment: [:]) }
            #expect(!error.description.contains("zq9x") && error.description.contains("postgres://ci:***@h:5432/d"), "\(error)")
            #expect(error.reason.contains("PGPASSWORD"))
        }
        let bad = try #require(throws: HistoryError.self) {
            try PostgresAddress.parse("postgres://ci:hunter2@/d", origin: .environment("X"), environment: [:])
        }
        #expect(!bad.description.contains("hunter2"), "\(bad)")
    }
}
