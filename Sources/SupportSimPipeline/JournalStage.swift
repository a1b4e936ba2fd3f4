import Foundation
import Synchronization
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring

/// The journal stage of a run: every finished conversation is written to
/// `<out>/<run-id>/journal.jsonl` as it finishes, so that a run killed at any point can be
/// continued (`run --resume`) without playing those conversations again, and so that shards can
/// be merged (`merge`). A resumed run is a new run (run ids are never reused: the history is
/// append-only) whose journal starts with the killed run's conversations.
public final class JournalStage: Sendable {
    let writer: JournalWriter
    public let header: JournalHeader
    /// The conversations a resumed run takes over from the killed one.
    public let prior: [ConversationRecord]
    private let failure = Mutex<String?>(nil)

    private init(writer: JournalWriter, header: JournalHeader, prior: [ConversationRecord]) {
        self.writer = writer
        self.header = header
        self.prior = prior
    }

    /// A new run's journal (under another name first, for a resumed run; see `resume`).
    public static func begin(_ header: JournalHeader, out: URL, fileName: String = RunJournal.fileName) throws -> JournalStage {
        let folder = out.appendingPathComponent(header.runID)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return JournalStage(writer: try JournalWriter.create(at: folder.appendingPathComponent(fileName), header: header),
                                   header: header, prior: [])
        } catch {
            throw RunFailure.harnessFailure("the run's journal could not be started: \(error)")
        }
    }

    /// Continues `resumable` as the new run `header.runID`: its conversations are copied into the
    /// new journal first, and the killed run's folder is marked as resumed.
    public static func resume(_ resumable: ResumableRun, as header: JournalHeader, out: URL, suite: Suite) throws -> JournalStage {
        let byID = Dictionary(suite.scenarios.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let prior: [ConversationRecord]
        do {
            prior = try RunJournal.records(resumable.contents, at: resumable.journal, scenario: { byID[$0] },
                                           startingWorld: { suite.world.overlaid(with: $0.world) })
        } catch {
            throw RunFailure.invalidInput("run \(resumable.contents.header.runID) cannot be resumed: \(error)")
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
            throw RunFailure.harnessFailure("the resumed run's journal could not be written: \(error)")
        }
        return JournalStage(writer: stage.writer, header: header, prior: prior)
    }

    /// Called from each conversation's task once it is scored. A failed write does not stop the
    /// run; it is reported at the end and makes the run exit 3.
    public func record(_ result: ScenarioResult, startingWorld: World) {
        do {
            try writer.append(line: PlayedConversation.line(result.record, startingWorld: startingWorld))
        } catch {
            failure.withLock { if $0 == nil { $0 = "\(result.id)#\(result.trial): \(error)" } }
        }
    }

    public func finish() throws(RunFailure) {
        writer.close()
        if let message = failure.withLock({ $0 }) {
            throw RunFailure.harnessFailure("a conversation could not be written to the run's journal: \(message)")
        }
    }
}
