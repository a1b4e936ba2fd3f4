import Foundation
import SupportSimJournal
import SupportSimRunner

/// A run that was stopped before it finished: its folder has a journal and no results.json.
public struct ResumableRun: Sendable {
    public static let markerName = "resumed-as"
    public let folder: URL
    public let journal: URL
    public let contents: JournalContents

    /// The run `id` in `out`, or the newest unfinished one there; invalid input, with the reason,
    /// when there is none to resume.
    public static func find(_ id: String?, out: URL) throws(RunFailure) -> ResumableRun {
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
            guard fm.fileExists(atPath: folder.path) else { throw .invalidInput("there is no run \(id) in \(out.path) to resume") }
            if let why = unfinished(folder) { throw .invalidInput("run \(id) cannot be resumed: \(why)") }
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
                throw .invalidInput("no unfinished run in \(out.path) to resume (a run that was stopped has a \(RunJournal.fileName) and no results.json)")
            }
            folder = out.appendingPathComponent(newest)
        }
        let journal = folder.appendingPathComponent(RunJournal.fileName)
        do {
            return ResumableRun(folder: folder, journal: journal, contents: try RunJournal.read(journal))
        } catch {
            throw .invalidInput("run \(folder.lastPathComponent) cannot be resumed: \(error)")
        }
    }
}
