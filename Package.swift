// swift-tools-version: 6.1
import PackageDescription

// One module per concern; dependencies point one way:
// Core ← Suite, Backends, Scoring ← Agents, Runner ← Reports ← supportsim (CLI).
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
    ],
    targets: [
        .target(name: "SupportSimCore", swiftSettings: settings),
        .target(
            name: "SupportSimSuite",
            dependencies: ["SupportSimCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        .target(name: "SupportSimBackends", dependencies: ["SupportSimCore"], swiftSettings: settings),
        .target(name: "SupportSimScoring", dependencies: ["SupportSimCore"], swiftSettings: settings),
        .target(
            name: "SupportSimAgents",
            dependencies: ["SupportSimCore", "SupportSimScoring"],
            resources: [.copy("Resources/intent-training.jsonl")],
            swiftSettings: settings),
        .target(name: "SupportSimAdapters", dependencies: ["SupportSimCore"], swiftSettings: settings),
        .target(
            name: "SupportSimRunner",
            dependencies: ["SupportSimCore", "SupportSimBackends", "SupportSimScoring"],
            swiftSettings: settings),
        .target(
            name: "SupportSimReports",
            dependencies: ["SupportSimCore", "SupportSimScoring", "SupportSimRunner"],
            swiftSettings: settings),
        .executableTarget(
            name: "supportsim",
            dependencies: [
                "SupportSimCore", "SupportSimSuite", "SupportSimBackends", "SupportSimScoring",
                "SupportSimAgents", "SupportSimRunner", "SupportSimReports", "SupportSimAdapters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .target(
            name: "SupportSimTesting",
            dependencies: ["SupportSimCore", "SupportSimSuite", "SupportSimBackends", "SupportSimRunner"],
            swiftSettings: settings),
        .testTarget(name: "SupportSimSuiteTests", dependencies: ["SupportSimSuite", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimBackendsTests", dependencies: ["SupportSimBackends", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimScoringTests", dependencies: ["SupportSimScoring", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(name: "SupportSimRunnerTests", dependencies: ["SupportSimRunner", "SupportSimReports", "SupportSimTesting"], swiftSettings: settings),
        .testTarget(
            name: "SupportSimAgentsTests",
            dependencies: ["SupportSimAgents", "SupportSimRunner", "SupportSimTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimReportsTests",
            dependencies: ["SupportSimReports", "SupportSimAgents", "SupportSimRunner", "SupportSimTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "SupportSimAdaptersTests",
            dependencies: ["SupportSimAdapters", "SupportSimRunner", "SupportSimTesting"],
            swiftSettings: settings),
        .testTarget(name: "SupportSimCLITests", dependencies: ["supportsim", "SupportSimTesting"], swiftSettings: settings),
    ]
)
