// swift-tools-version: 6.1
import PackageDescription

// One module per concern; dependencies point one way:
// Core ← Suite, Backends, Scoring ← Agents, Runner ← Reports ← Pipeline ← supportsim (CLI).
// Pipeline (a run from plan to history: journal, play, drift, gates, reports) sits on Runner,
// Journal, History, Drift, Reports, Adapters and TauPlay; the CLI only parses, prints and exits.
// Core ← Process (child processes: exec agents, exec tool handlers) ← Adapters.
// The adapters and the server meet only in the CLI (Core's `ToolEndpoint`).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SupportSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "supportsim", targets: ["supportsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Already in the build through AsyncHTTPClient; used directly for report.html's CSP hash.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // OpenAPI 3.0/3.1 documents for `supportsim tools import`; no external-file loading, which
        // only adds compile time.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        // The team history on PostgreSQL; swift-nio and swift-nio-ssl (already in the build) for its
        // event loops and TLS settings.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        // HeapModule: the one thread that watches every turn's deadline (SupportSimRunner.Watchdog).
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        .target(name: "SupportSimCore", swiftSettings: settings),
        .target(
            name: "SupportSimSuite",
            dependencies: ["SupportSimCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        .target(name: "SupportSimBackends", dependencies: ["SupportSimCore", "SupportSimProcess"], swiftSettings: settings),
        // tau-bench's airline and retail domains, ported: Python-valued data, tools, episodes, rewards.
        .target(name: "SupportSimTau", swiftSettings: settings),
        .target(name: "SupportSimScoring", dependencies: ["SupportSimCore"], swiftSettings: settings),
        // Child processes started as process-group leaders with a clean signal state; one-shot runs.
        .target(name: "SupportSimProcess", dependencies: ["SupportSimCore"], swiftSettings: settings),
        .target(
            name: "SupportSimAgents",
            dependencies: ["SupportSimCore", "SupportSimScoring"],
            resources: [.copy("Resources/intent-training.jsonl")],
            swiftSettings: settings),
        .target(
            name: "SupportSimAdapters",
            dependencies: ["SupportSimCore", "SupportSimProcess", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings),
        .target(
            name: "SupportSimServer",
            dependencies: [
                "SupportSimCore", "SupportSimBackends",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: settings),
        .target(
            name: "SupportSimRunner",
            dependencies: ["SupportSimCore", "SupportSimBackends", "SupportSimScoring",
                           .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: settings),
        .target(
            name: "SupportSimTauPlay",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner", "SupportSimTau",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        // A run's finished conversations, one JSON line each, as they finish: what `run --resume`
        // continues from and what `merge` joins shards with.
        .target(
            name: "SupportSimJournal",
            dependencies: ["SupportSimCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings),
        .target(
            name: "SupportSimHistory",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings),
        // The history in PostgreSQL: the same records and queries as SupportSimHistory's SQLite.
        .target(
            name: "SupportSimHistoryPostgres",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner", "SupportSimHistory",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: settings),
        .target(
            name: "SupportSimDrift",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimHistory", "SupportSimSuite",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        .target(
            name: "SupportSimReports",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner", .product(name: "Crypto", package: "swift-crypto")],
            // The page's script is a real JavaScript file, compiled in: nothing to find at run time.
            resources: [.embedInCode("Resources/report.js")],
            swiftSettings: settings),
        // Tool declarations scaffolded from an OpenAI tools array or an OpenAPI document.
        .target(
            name: "SupportSimToolImport",
            dependencies: [
                "SupportSimCore", .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
            ],
            swiftSettings: settings),
        // Red-team scenarios generated from a suite's own world and policies.
        .target(name: "SupportSimRedTeam", dependencies: ["SupportSimCore"], swiftSettings: settings),
        // Exported support conversations: draft scenarios with personal data replaced, and records
        // for scoring the exported agent replies offline.
        .target(name: "SupportSimTranscripts", dependencies: ["SupportSimCore"], swiftSettings: settings),
        // One run from plan to history, as typed stages: what `run` and `merge` are, without the
        // printing and exit codes, which stay in the CLI.
        .target(
            name: "SupportSimPipeline",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner", "SupportSimJournal", "SupportSimHistory",
                           "SupportSimDrift", "SupportSimReports", "SupportSimAdapters", "SupportSimTauPlay"],
            swiftSettings: settings),
        .executableTarget(
            name: "supportsim",
            dependencies: [
                "SupportSimCore", "SupportSimSuite", "SupportSimBackends", "SupportSimScoring",
                "SupportSimAgents", "SupportSimRunner", "SupportSimReports", "SupportSimAdapters",
                "SupportSimHistory", "SupportSimDrift", "SupportSimServer", "SupportSimTauPlay", "SupportSimToolImport",
                "SupportSimRedTeam", "SupportSimTranscripts", "SupportSimJournal", "SupportSimPipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "SupportSimHistoryPostgres",
            ],
            swiftSettings: settings),
        .target(
            name: "SupportSimTesting",
            dependencies: ["SupportSimCore", "SupportSimSuite"],
            swiftSettings: settings),
        // schema_check.py is run by the tests from its path, not bundled.
        .testTarget(name: "SupportSimSuiteTests", dependencies: ["SupportSimSuite", "SupportSimTesting"], exclude: ["Fixtures/schema_check.py"],
                    swiftSettings: settings),
        .testTarget(name: "SupportSimTauTests", dependencies: ["SupportSimTau", "SupportSimTauPlay", "SupportSimRunner", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimProcessTests", dependencies: ["SupportSimProcess", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimBackendsTests", dependencies: ["SupportSimBackends", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(
            name: "SupportSimToolImportTests",
            dependencies: ["SupportSimToolImport", "SupportSimCore", "SupportSimSuite", "SupportSimRunner", "SupportSimTesting",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        .testTarget(name: "SupportSimRedTeamTests", dependencies: ["SupportSimRedTeam", "SupportSimSuite", "SupportSimAgents", "SupportSimAdapters", "SupportSimRunner", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimTranscriptsTests", dependencies: ["SupportSimTranscripts", "SupportSimSuite", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimScoringTests", dependencies: ["SupportSimScoring", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimJournalTests", dependencies: ["SupportSimJournal", "SupportSimRunner", "SupportSimAgents", "SupportSimSuite", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimRunnerTests", dependencies: ["SupportSimRunner", "SupportSimReports", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(
            name: "SupportSimAgentsTests",
            dependencies: ["SupportSimAgents", "SupportSimRunner", "SupportSimSuite", "SupportSimTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimReportsTests",
            dependencies: ["SupportSimReports", "SupportSimAgents", "SupportSimRunner", "SupportSimTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimAdaptersTests",
            dependencies: ["SupportSimAdapters", "SupportSimServer", "SupportSimRunner", "SupportSimTesting",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "MCP", package: "swift-sdk")],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimHistoryTests",
            dependencies: ["SupportSimHistory", "SupportSimHistoryPostgres", "SupportSimDrift", "SupportSimRunner", "SupportSimAgents", "SupportSimTesting",
                           .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimPipelineTests",
            dependencies: ["SupportSimPipeline", "SupportSimAdapters", "SupportSimHistory", "SupportSimReports", "SupportSimRunner",
                           "SupportSimSuite", "SupportSimTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimCLITests",
            dependencies: ["supportsim", "SupportSimTesting", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings),
    ]
)
