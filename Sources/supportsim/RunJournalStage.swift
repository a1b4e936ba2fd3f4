import Foundation
import Synchronization
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// `supportsim run`'s journal: every finished conversation is written to
/// `<out>/<run-id>/journal.jsonl` as it finishes, so that a run killed at any point can be
/// continued (`run --resume`) without playing those conversations again, and so that shards can
/// be merged (`merge`). A resumed run is a new run (run ids are never reused: the history is
/// append-only) whose journal starts with the killed run's conversations.
final class RunJournalStage: Sendable {
    let writer: JournalWriter
    let header: JournalHeader
    /// The conversations a resumed run takes over from the killed one.
    let prior: [ConversationRecord]
    private let failure = Mutex<String?>(nil)

    private init(writer: JournalWriter, header: JournalHeader, prior: [ConversationRecord]) {
        self.writer = writer
        self.header = header
        self.prior = prior
    }

    /// A new run's journal (under another name first, for a resumed run; see `resume`).
    static func begin(_ header: JournalHeader, out: URL, fileName: String = RunJournal.fileName) throws -> RunJournalStage {
        let folder = out.appendingPathComponent(header.runID)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return RunJournalStage(writer: try JournalWriter.create(at: folder.appendingPathComponent(fileName), header: header),
                                   header: header, prior: [])
        } catch {
            Console.error("error: the run's journal could not be started: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }

    /// Continues `resumable` as the new run `header.runID`: its conversations are copied into the
    /// new journal first, and the killed run's folder is marked as resumed.
    static func resume(_ resumable: ResumableRun, as header: JournalHeader, out: URL, suite: Suite) throws -> RunJournalStage {
        let byID = Dictionary(suite.scenarios.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let prior: [ConversationRecord]
        do {
            prior = try RunJournal.records(resumable.contents, at: resumable.journal, scenario: { byID[$0] },
                                           startingWorld: { suite.world.overlaid(with: $0.world) })
        } catch {
            Console.error("error: run \(resumable.contents.header.runID) cannot be resumed: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        // The copy is written under another name and renamed into place once whole: a run killed
        // while copying leaves no journal that `--resume` could take for the stopped run's, and
        // the stopped run is marked only after its successor's journal holds all of it.
        let partialName = RunJournal.fileName + ".partial"
        let stage = try begin(header, out: out, fileName: partialName)
        let folder = out.appendingPathComponent(header.runID)
        do {
            for (_, line, _) in resumable.contents.conversations { try stage.writer.append(line) }
            try FileManager.default.moveItem(at: folder.appendingPathComponent(partialName),
                                             to: folder.appendingPathComponent(RunJournal.fileName))
            try Data(header.runID.utf8).write(to: resumable.folder.appendingPathComponent(ResumableRun.markerName))
        } catch {
            Console.error("error: the resumed run's journal could not be written: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        return RunJournalStage(writer: stage.writer, header: header, prior: prior)
    }

    /// Called from each conversation's task once it is scored. A failed write does not stop the
    /// run; it is reported at the end and makes the run exit 3.
    func record(_ result: ScenarioResult, startingWorld: World) {
        do {
            try writer.append(PlayedConversation.encode(result.record, startingWorld: startingWorld))
        } catch {
            failure.withLock { if $0 == nil { $0 = "\(result.id)#\(result.trial): \(error)" } }
        }
    }

    func finish() throws {
        writer.close()
        if let message = failure.withLock({ $0 }) {
            Console.error("error: a conversation could not be written to the run's journal: \(message)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }
}

/// A run that was stopped before it finished: its folder has a journal and no results.json.
struct ResumableRun {
    static let markerName = "resumed-as"
    let folder: URL
    let journal: URL
    let contents: JournalContents

    /// The run `id` in `out`, or the newest unfinished one there; exits 2 with the reason when
    /// there is none to resume.
    static func find(_ id: String?, out: URL) throws -> ResumableRun {
        let fm = FileManager.default
        func unfinished(_ folder: URL) -> String? {
            if fm.fileExists(atPath: folder.appendingPathComponent("results.json").path) { return "it finished" }
            if let next = try? String(contentsOf: folder.appendingPathComponent(markerName), encoding: .utf8) {
                return "it was resumed as run \(next); resume that one"
            }
            if !fm.fileExists(atPath: folder.appendingPathComponent(RunJournal.fileName).path) {
                return "it has no \(RunJournal.fileName)"
            }
            return nil
        }
        let folder: URL
        if let id {
            folder = out.appendingPathComponent(id)
            guard fm.fileExists(atPath: folder.path) else {
                Console.error("error: there is no run \(id) in \(out.path) to resume")
                throw ExitStatus.invalidInput.exitCode
            }
            if let why = unfinished(folder) {
                Console.error("error: run \(id) cannot be resumed: \(why)")
                throw ExitStatus.invalidInput.exitCode
            }
        } else {
            // Newest by the journal's last write: run ids order runs only to the second.
            func lastWrite(_ name: String) -> Date {
                let journal = out.appendingPathComponent(name).appendingPathComponent(RunJournal.fileName)
                return ((try? fm.attributesOfItem(atPath: journal.path))?[.modificationDate] as? Date) ?? .distantPast
            }
            let names = ((try? fm.contentsOfDirectory(atPath: out.path)) ?? []).filter(RunInfo.isRunID)
                .filter { unfinished(out.appendingPathComponent($0)) == nil }
                .map { (name: $0, written: lastWrite($0)) }
                .sorted { ($0.written, $0.name) > ($1.written, $1.name) }
            guard let newest = names.first?.name else {
                Console.error("error: no unfinished run in \(out.path) to resume (a run that was stopped has a \(RunJournal.fileName) and no results.json)")
                throw ExitStatus.invalidInput.exitCode
            }
            folder = out.appendingPathComponent(newest)
        }
        let journal = folder.appendingPathComponent(RunJournal.fileName)
        do {
            return ResumableRun(folder: folder, journal: journal, contents: try RunJournal.read(journal))
        } catch {
            Console.error("error: run \(folder.lastPathComponent) cannot be resumed: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
