import Foundation
import Synchronization
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// One shard's journal, found in its run folder or in the reports folder it wrote.
struct ShardJournal: Sendable {
    let folder: URL
    let journal: URL
    let contents: JournalContents

    /// A shard's finished run, in `path` (its run folder, or the reports folder it wrote).
    /// `finished: false` skips the check that the shard finished (for the benchmark's journals).
    init(folder path: String, finished: Bool = true) throws {
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
        if finished, contents.tornTail || !fm.fileExists(atPath: folder.appendingPathComponent("results.json").path) {
            Console.error("error: \(path) is a shard that did not finish; continue it with `supportsim run --resume \(contents.header.runID) --out ...` before merging")
            throw ExitStatus.invalidInput.exitCode
        }
    }

    /// Every shard's journal, read at once: a merge of many large shards is bound by parsing them.
    static func loadAll(_ paths: [String], finished: Bool = true) throws -> [ShardJournal] {
        let slots = Mutex<[Result<ShardJournal, any Error>?]>(Array(repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let loaded = Result { try ShardJournal(folder: paths[i], finished: finished) }
            slots.withLock { $0[i] = loaded }
        }
        return try slots.withLock { $0 }.map { try $0!.get() }
    }

    /// The journal's conversations as played records (see `RunJournal.records`).
    func records(in suite: Suite, byID: [String: Scenario]) throws(JournalError) -> [ConversationRecord] {
        try RunJournal.records(contents, at: journal, scenario: { byID[$0] }, startingWorld: { suite.world.overlaid(with: $0.world) })
    }

    /// Every journal's records, decoded at once, in the order of `journals`.
    static func records(_ journals: [ShardJournal], in suite: Suite) throws -> [ConversationRecord] {
        let byID = Dictionary(suite.scenarios.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let slots = Mutex<[Result<[ConversationRecord], JournalError>?]>(Array(repeating: nil, count: journals.count))
        DispatchQueue.concurrentPerform(iterations: journals.count) { i in
            let decoded = Result { () throws(JournalError) in try journals[i].records(in: suite, byID: byID) }
            slots.withLock { $0[i] = decoded }
        }
        return try slots.withLock { $0 }.flatMap { try $0!.get() }
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
