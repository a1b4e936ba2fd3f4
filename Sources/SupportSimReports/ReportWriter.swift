import Foundation
import SupportSimRunner

/// Writes one output file of a run.
public protocol ReportWriter: Sendable {
    var fileName: String { get }
    func render(_ run: RunRecord) -> String
}

public enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(String, String)
    public var description: String {
        switch self {
        case .cannotWrite(let path, let why): return "cannot write \(path): \(why)"
        }
    }
}

/// Writes every report of a run into `<out>/<run-id>/` and mirrors it to `<out>/latest/`.
public struct ReportSet: Sendable {
    public var writers: [any ReportWriter]
    /// The file report.md is appended to, so a GitHub Actions job page shows it: the
    /// `GITHUB_STEP_SUMMARY` variable that Actions sets, unless told otherwise.
    public var stepSummary: String?
    public static var standardWriters: [any ReportWriter] {
        [ResultsJSONWriter(), MarkdownReportWriter(), HTMLReportWriter(), JUnitReportWriter()]
    }
    public init(writers: [any ReportWriter] = ReportSet.standardWriters,
                stepSummary: String? = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"])
    {
        self.writers = writers
        self.stepSummary = stepSummary.flatMap { $0.isEmpty ? nil : $0 }
    }

    @discardableResult
    public func write(_ run: RunRecord, to out: URL) throws -> URL {
        let fm = FileManager.default
        let dir = out.appendingPathComponent(run.info.id)
        let latest = out.appendingPathComponent("latest")
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            for (w, text) in zip(writers, render(run)) {
                try Data(text.utf8).write(to: dir.appendingPathComponent(w.fileName), options: .atomic)
                if w is MarkdownReportWriter, let stepSummary { try Self.append(text, to: stepSummary) }
            }
            try LatestFolder(out: out).replace(withCopyOf: dir)
        } catch {
            throw ReportError.cannotWrite(dir.path, "\(error.localizedDescription)")
        }
        return dir
    }

    /// Every writer's text, rendered at once: results.json and report.html of a large run each
    /// take a good share of the time budget, and they only read the run.
    func render(_ run: RunRecord) -> [String] {
        let texts = RenderedTexts(count: writers.count)
        let writers = self.writers
        DispatchQueue.concurrentPerform(iterations: writers.count) { i in texts.set(i, writers[i].render(run)) }
        return texts.values
    }

    /// A hard link when the file system allows one (latest/ of a large run is ~100 MB, and the
    /// reports are only ever replaced whole, never edited in place), else a copy.
    static func mirror(_ source: URL, to destination: URL) throws {
        do {
            try FileManager.default.linkItem(at: source, to: destination)
        } catch {
            try FileManager.default.copyItem(at: source, to: destination)
        }
    }

    /// Appends rather than replaces: other steps of the job write to the same summary.
    static func append(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + text).utf8))
    }
}

/// Results of the concurrent renders, each slot written by exactly one iteration.
private final class RenderedTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String]
    init(count: Int) { texts = Array(repeating: "", count: count) }
    func set(_ i: Int, _ text: String) { lock.withLock { texts[i] = text } }
    var values: [String] { lock.withLock { texts } }
}
