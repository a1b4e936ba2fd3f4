import ArgumentParser
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the harness: suite loading, runner throughput, scoring and reports, and print the figures.")

    func run() async throws {
        try await Benchmarks.runAll()
    }
}
