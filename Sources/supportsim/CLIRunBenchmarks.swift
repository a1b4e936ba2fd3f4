import Foundation
import SupportSimCore
#if canImport(Glibc)
import Glibc
#endif

/// Whole `supportsim run` processes, as CI runs them: this executable started on the suite with
/// `--repeat`, reports written, no history. Throughput, the share of the machine's cores the run
/// kept busy, and the child's peak memory (getrusage of the waited-for children: the largest
/// child's resident set, which is this run's, the only child running).
enum CLIRunBenchmarks {
    struct Figures {
        var conversations: Int
        var customerTurns: Int?
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakMB: Double
    }

    static func run(suiteRoot: URL, suite: Suite, throughputRepeat: Int, memoryConversations: [Int]) throws {
        let perTrial = max(1, suite.scenarios.count)
        let t = try measure(suiteRoot: suiteRoot, repeatCount: throughputRepeat, countTurns: true)
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        print(Benchmarks.row("whole CLI run, suite x\(throughputRepeat), \(t.conversations) conv.",
                             .seconds(t.wallSeconds), turns: t.customerTurns))
        print(String(format: "  CPU %.0f%% of %.0f%%; peak memory %.0f MB", t.cpuSeconds / t.wallSeconds * 100, cores * 100, t.peakMB))
        for n in memoryConversations where n > 0 {
            let repeatCount = (n + perTrial - 1) / perTrial
            let m = try measure(suiteRoot: suiteRoot, repeatCount: repeatCount, countTurns: false)
            print(Benchmarks.row("whole CLI run, \(m.conversations) conversations", .seconds(m.wallSeconds))
                  + String(format: "   peak memory %.0f MB", m.peakMB))
        }
    }

    static func measure(suiteRoot: URL, repeatCount: Int, countTurns: Bool) throws -> Figures {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-bench-cli-\(UUID().uuidString.prefix(6))")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["run", suiteRoot.path, "--repeat", String(repeatCount), "--no-history", "--out", out.path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = childUsage()
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let wall = Benchmarks.seconds(ContinuousClock.now - start)
        let after = childUsage()
        // 1 is a failed gate, which is still a whole run.
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            throw BenchFailure("supportsim run --repeat \(repeatCount) exited \(process.terminationStatus)")
        }
        var conversations = 0
        var turns: Int?
        let results = out.appendingPathComponent("latest/results.json")
        if countTurns, let value = try? JSONValue.parse(Data(contentsOf: results)) {
            let scenarios = value["scenarios"]?.arrayValue ?? []
            conversations = scenarios.count
            turns = scenarios.map { s in (s["transcript"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == "customer" }.count }
                .reduce(0, +)
        } else {
            conversations = (try? String(contentsOf: out.appendingPathComponent("latest/journal.jsonl"), encoding: .utf8))
                .map { $0.split(separator: "\n").count - 1 } ?? 0
        }
        return Figures(conversations: conversations, customerTurns: turns, wallSeconds: wall,
                       cpuSeconds: after.cpu - before.cpu, peakMB: after.peakMB)
    }

    static func childUsage() -> (cpu: Double, peakMB: Double) {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), Double(usage.ru_maxrss) / 1024)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
