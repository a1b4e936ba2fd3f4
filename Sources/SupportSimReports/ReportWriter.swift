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
    public static var standardWriters: [any ReportWriter] { [ResultsJSONWriter()] }
    public init(writers: [any ReportWriter] = ReportSet.standardWriters) { self.writers = writers }

    @discardableResult
    public func write(_ run: RunRecord, to out: URL) throws -> URL {
        let fm = FileManager.default
        let dir = out.appendingPathComponent(run.info.id)
        let latest = out.appendingPathComponent("latest")
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            for w in writers {
                try Data(w.render(run).utf8).write(to: dir.appendingPathComponent(w.fileName), options: .atomic)
            }
            // Build the new latest/ beside the old one, then swap, so latest/ is never half written.
            let staging = out.appendingPathComponent(".latest-\(run.info.id)")
            try? fm.removeItem(at: staging)
            try fm.copyItem(at: dir, to: staging)
            try? fm.removeItem(at: latest)
            try fm.moveItem(at: staging, to: latest)
        } catch {
            throw ReportError.cannotWrite(dir.path, "\(error.localizedDescription)")
        }
        return dir
    }
}
