import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimCore

/// `--record`, `--replay`, `--live`, `--cassette`: whether a run's model calls (the openai agent,
/// the model-driven customer, the judge) go to the models, are recorded, or are answered from a
/// cassette with no network (docs/model-driven.md, "Cassettes").
struct ModelCallOptions: ParsableArguments {
    static let defaultFile = "cassette.jsonl"

    @Flag(help: "Call the models and record every request and answer to the cassette.")
    var record = false

    @Flag(help: ArgumentHelp("Answer every model call from the cassette, with no network; a request it lacks fails its "
                             + "conversation. The default when a cassette exists and CI is set."))
    var replay = false

    @Flag(help: "Call the models even where a cassette would be replayed (CI set).")
    var live = false

    @Option(help: "The cassette file (default: cassette.jsonl in the suite folder).")
    var cassette: String?

    func validate() throws {
        if [record, replay, live].filter({ $0 }).count > 1 {
            throw ValidationError("--record, --replay and --live exclude one another; give at most one")
        }
    }

    /// The file the cassette is at: the option's, relative to the working directory, else the suite's.
    func url(suite: Suite) -> URL {
        cassette.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? suite.root.appendingPathComponent(Self.defaultFile)
    }

    /// The run's cassette: recording, replaying, or none (the models are called).
    func cassette(suite: Suite, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ModelCassette? {
        let url = url(suite: suite)
        if record { return try ModelCassette(mode: .record, url: url) }
        if replay { return try ModelCassette(mode: .replay, url: url) }
        let inCI = environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false
        if !live, inCI, FileManager.default.fileExists(atPath: url.path) { return try ModelCassette(mode: .replay, url: url) }
        return nil
    }
}
