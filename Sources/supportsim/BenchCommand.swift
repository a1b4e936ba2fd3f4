import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the harness: suite loading, runner throughput, scoring and reports, and print the figures.")

    @OptionGroup var suite: SuiteArgument

    @Option(help: "Conversations to generate from the suite's scenarios.")
    var conversations = 10_000

    @Option(help: "Conversations in flight at once (default: one per core).")
    var jobs: Int?

    @Option(help: "Instead: import and replay tau-bench's airline recording from this data folder (it holds airline/).")
    var tau: String?

    func run() async throws {
        if let tau {
            try await TauBenchmarks.run(dataRoot: URL(fileURLWithPath: tau), jobs: jobs)
            return
        }
        try await Benchmarks.runAll(suiteRoot: suite.root, conversations: conversations, jobs: jobs)
    }
}
