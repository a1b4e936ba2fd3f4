import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring
import SupportSimTauPlay

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of one run (run --shard I/N) into the run itself: results, metrics, gates, drift and reports.",
        discussion: """
            Each DIR is a shard's run folder (<out>/<run-id>/) or the reports folder it wrote (its latest/ is used). \
            The shards must be of one run: the same suite files, agent, commit, trials and filters, every shard \
            from 1 to N exactly once, each finished. The merged run is what the same run unsharded gives, apart \
            from its id and wall times; its gates decide the exit code.
            """)

    @Argument(help: "The shards' folders.")
    var shards: [String]

    @Option(help: "The suite folder the shards ran (default: the current folder).")
    var suite: String = "."

    @Flag(help: "Let the suite's config name paths outside the suite folder.")
    var allowOutsidePaths = false

    @Flag(help: "Load the suite as the shards did with --skip-invalid.")
    var skipInvalid = false

    @Option(help: "The folder that receives <run-id>/ and latest/ (default: the config's reports folder).")
    var out: String?

    @Flag(help: "Do not store the merged run in the history database.")
    var noHistory = false

    @Flag(name: .shortAndLong, help: "Print only the gates and the verdict.")
    var quiet = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("name the shards' folders, e.g. supportsim merge shard-1 shard-2 shard-3") }
    }

    func run() async throws {
        let loaded = try SuiteArgument(suite: suite, allowOutsidePaths: allowOutsidePaths).load(skipInvalid: skipInvalid)
        let journals = try shards.map(ShardJournal.init(folder:))
        let header = try ShardJournal.checkOneRun(journals, suite: loaded)
        let tau: TauSuiteData?
        do {
            tau = loaded.config.domain == .support ? nil : try TauSuiteData(suite: loaded)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let scorer = RunCompletion.scorer(suite: loaded, tau: tau)
        let byID = Dictionary(loaded.scenarios.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let shardRecords: [[ConversationRecord]]
        do {
            shardRecords = try journals.map { j throws(JournalError) in
                try RunJournal.records(j.contents, at: j.journal, scenario: { byID[$0] },
                                       startingWorld: { loaded.world.overlaid(with: $0.world) })
            }
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        // Scoring is the costly part of a merge and each conversation's is independent.
        let records = shardRecords.flatMap { $0 }
        let results = ParallelScoring.score(records, with: scorer)
        let plan = SuiteRunner.plan(loaded, RunOptions(filters: header.filters, repeatCount: header.repeatCount))
        let started = journals.map(\.contents.header.startedAt).min() ?? Date()
        let info = RunInfo(id: RunInfo.newID(), suite: header.suite, agent: header.agent, startedAt: started, finishedAt: Date(),
                           repeatCount: header.repeatCount, filters: header.filters, gitCommit: header.gitCommit)
        let history = noHistory ? nil : try RunHistoryRecorder(suite: loaded)
        try history?.begin(info)
        var record = RunRecord(info: info, config: loaded.config, results: RunPlanOptions.ordered(plan, results),
                               invalid: loaded.invalidScenarios)
        for r in record.results { history?.record(r) }
        let outFolder = out.map { URL(fileURLWithPath: $0) } ?? loaded.root.appendingPathComponent(loaded.config.reports)
        if !quiet { print("merged \(journals.count) shards of run \(header.suite) (\(record.results.count) conversations) as run \(info.id)") }
        try RunCompletion(suite: loaded, history: history, out: outFolder, quiet: quiet).finish(&record)
    }
}

/// One shard's journal, found in its run folder or in the reports folder it wrote.
struct ShardJournal {
    let folder: URL
    let journal: URL
    let contents: JournalContents

    init(folder path: String) throws {
        let given = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        let candidates = [given, given.appendingPathComponent("latest")].map { $0.appendingPathComponent(RunJournal.fileName) }
        guard let journal = candidates.first(where: { fm.fileExists(atPath: $0.path) }) else {
            Console.error("error: \(path) holds no \(RunJournal.fileName) (expected a shard's run folder, or the reports folder it wrote)")
            throw ExitStatus.invalidInput.exitCode
        }
        self.journal = journal
        folder = journal.deletingLastPathComponent()
        do {
            contents = try RunJournal.read(journal)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        if contents.tornTail || !fm.fileExists(atPath: folder.appendingPathComponent("results.json").path) {
            Console.error("error: \(path) is a shard that did not finish; continue it with `supportsim run --resume \(contents.header.runID) --out ...` before merging")
            throw ExitStatus.invalidInput.exitCode
        }
    }

    /// Checks that the journals are the N shards of one run, each once and each whole, of the
    /// suite in `suite` as it is now; returns their common header. Exits 2 with the reason otherwise.
    static func checkOneRun(_ journals: [ShardJournal], suite: Suite) throws -> JournalHeader {
        func refuse(_ message: String) -> any Error {
            Console.error("error: \(message); nothing was merged")
            return ExitStatus.invalidInput.exitCode
        }
        let first = journals[0]
        guard let count = first.contents.header.shard?.count else {
            throw refuse("\(first.folder.path) is not a shard (its run was not started with --shard I/N)")
        }
        var byIndex: [Int: ShardJournal] = [:]
        for j in journals {
            let h = j.contents.header
            guard let shard = h.shard else { throw refuse("\(j.folder.path) is not a shard (its run was not started with --shard I/N)") }
            if let mismatch = first.contents.header.mismatch(with: h) {
                throw refuse("\(first.folder.path) and \(j.folder.path) are shards of different runs: \(mismatch)")
            }
            if shard.count != count {
                throw refuse("\(first.folder.path) is a shard of \(count) and \(j.folder.path) one of \(shard.count)")
            }
            if let other = byIndex[shard.index] {
                throw refuse("shard \(shard) is given twice: \(other.folder.path) and \(j.folder.path)")
            }
            byIndex[shard.index] = j
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw refuse("shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing")
        }
        let header = first.contents.header
        let digest = SuiteDigest.of(root: suite.root, config: suite.config)
        if digest != header.suiteDigest {
            throw refuse("the suite in \(suite.root.path) is not the one the shards played (its files differ: \(digest), the shards' \(header.suiteDigest))")
        }
        for (index, j) in byIndex {
            let expected = Set(SuiteRunner.plan(suite, RunOptions(filters: header.filters, repeatCount: header.repeatCount,
                                                                  shard: ShardSpec(index: index, count: count)))
                .map { TrialKey(scenario: $0.scenario.id, trial: $0.trial) })
            let found = Set(j.contents.conversations.map(\.key))
            if let stray = found.subtracting(expected).sorted().first {
                throw refuse("\(j.journal.path) holds \(stray), which is not shard \(index)/\(count)'s")
            }
            let absent = expected.subtracting(found)
            if !absent.isEmpty {
                throw refuse("shard \(index)/\(count) in \(j.folder.path) lacks \(absent.count) of its \(expected.count) conversations (first: \(absent.sorted()[0]))")
            }
        }
        return header
    }
}

/// Scoring read-back conversations over every core: thousands of them are CPU work, and each
/// conversation's score is independent of the others'.
enum ParallelScoring {
    static func score(_ records: [ConversationRecord], with scorer: any ConversationScorer) -> [ScenarioResult] {
        let slots = Slots(count: records.count)
        DispatchQueue.concurrentPerform(iterations: records.count) { i in slots.set(i, scorer.score(records[i])) }
        return slots.values
    }

    private final class Slots: @unchecked Sendable {
        private var storage: [ScenarioResult?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: ScenarioResult) { lock.withLock { storage[i] = value } }
        var values: [ScenarioResult] { storage.map { $0! } }
    }
}
