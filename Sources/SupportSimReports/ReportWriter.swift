import Foundation
import Synchronization
import SupportSimRunner

/// Writes one output file of a run.
public protocol ReportWriter: Sendable {
    var fileName: String { get }
    func render(_ run: RunRecord) -> String
    /// Writes the file whole or not at all. A writer whose output is large streams it here
    /// instead of building it as one string (results.json of a large run is tens of megabytes).
    func write(_ run: RunRecord, to file: URL) throws
}

extension ReportWriter {
    public func write(_ run: RunRecord, to file: URL) throws {
        try Data(render(run).utf8).write(to: file, options: .atomic)
    }
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
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            try writeAll(run, into: dir)
            if let stepSummary, let markdown = writers.first(where: { $0 is MarkdownReportWriter }) {
                try Self.append(String(decoding: try Data(contentsOf: dir.appendingPathComponent(markdown.fileName)), as: UTF8.self),
                                to: stepSummary)
            }
            try LatestFolder(out: out).replace(withCopyOf: dir)
        } catch {
            throw ReportError.cannotWrite(dir.path, "\(error.localizedDescription)")
        }
        return dir
    }

    /// Every writer at once: results.json and report.html of a large run each take a good share
    /// of the time budget, and they only read the run. The first error is thrown.
    func writeAll(_ run: RunRecord, into dir: URL) throws {
        let errors = RenderedErrors(count: writers.count)
        let writers = self.writers
        DispatchQueue.concurrentPerform(iterations: writers.count) { i in
            do { try writers[i].write(run, to: dir.appendingPathComponent(writers[i].fileName)) } catch { errors.set(i, error) }
        }
        if let error = errors.first { throw error }
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

/// The writers' errors by index, set from concurrent writers.
private final class RenderedErrors: Sendable {
    private let errors: Mutex<[(any Error)?]>
    init(count: Int) { errors = Mutex(Array(repeating: nil, count: count)) }
    func set(_ i: Int, _ error: any Error) { errors.withLock { $0[i] = error } }
    var first: (any Error)? { errors.withLock { $0.compactMap { $0 }.first } }
}
