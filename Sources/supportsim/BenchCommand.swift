import ArgumentParser
import Foundation
import SupportSimSuite

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the harness: suite loading, runner throughput, scoring and reports, and print the figures.")

    @OptionGroup var suite: SuiteArgument

    @Option(help: "Conversations to generate from the suite's scenarios.")
    var conversations = 10_000

    @Option(help: "Conversations in flight at once (default: one per core).")
    var jobs: Int?

    @Option(name: .customLong("cli-repeat"), help: "The whole-CLI run plays the suite this many times (0: skip it).")
    var cliRepeat = 20

    @Option(name: .customLong("memory-conversations"), parsing: .upToNextOption,
            help: "Whole-CLI runs of about this many conversations each, for their peak memory (e.g. 10000 100000).")
    var memoryConversations: [Int] = [10_000]

    @Flag(name: .customLong("reference-only"),
          help: "Only the reference agent's rows (with and without scoring): for an A/B of two builds, or a profile.")
    var referenceOnly = false

    @Flag(name: .customLong("reports-only"),
          help: "Only the metrics and reports rows, with each report's own time: for an A/B of two builds, or a profile.")
    var reportsOnly = false

    @Option(help: "Instead: import and replay tau-bench's airline recording from this data folder (it holds airline/).")
    var tau: String?

    func run() async throws {
        if let tau {
            try await TauBenchmarks.run(dataRoot: URL(fileURLWithPath: tau), jobs: jobs)
            return
        }
        if reportsOnly {
            let loaded = try SuiteLoader(root: suite.root).load()
            try await Benchmarks.reportsAlone(Benchmarks.replicate(loaded, to: conversations), jobs: jobs)
            return
        }
        if referenceOnly {
            let loaded = try SuiteLoader(root: suite.root).load()
            await Benchmarks.referenceAgent(Benchmarks.replicate(loaded, to: conversations), jobs: jobs)
            return
        }
        try await Benchmarks.runAll(suiteRoot: suite.root, conversations: conversations, jobs: jobs)
        // Last: a child's peak memory is read from the children this process waited for.
        let loaded = try SuiteLoader(root: suite.root).load()
        if cliRepeat > 0 || !memoryConversations.isEmpty {
            try CLIRunBenchmarks.run(suiteRoot: suite.root, suite: loaded, throughputRepeat: max(1, cliRepeat),
                                     memoryConversations: memoryConversations)
        }
    }
}
