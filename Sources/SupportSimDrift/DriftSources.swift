import Foundation
import SupportSimCore
import SupportSimHistory

/// Finds the two sides of a comparison: `--current` (default: the suite's latest complete run)
/// and `--against` (`baseline`: goldens/baseline.json; `previous`: the complete run before the
/// current one; or a run id).
public struct DriftSources: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let store: any RunHistory
    public let suite: String
    public let goldens: URL

    public init(store: any RunHistory, suite: String, goldens: URL) {
        self.store = store
        self.suite = suite
        self.goldens = goldens
    }

    public func currentRun(_ id: String?) throws -> StoredRun {
        if let id, id != "latest" {
            let r = try run(id)
            guard r.status != .running else { throw Failure(description: "run \(r.id) is still running") }
            return r
        }
        guard let run = try store.latestCompleteRun(suite: suite) else {
            throw Failure(description: "no complete run of \"\(suite)\" in the history \(store.location); run `supportsim run` first")
        }
        return run
    }

    public func baseline(_ against: String, current: StoredRun) throws -> RunSnapshot {
        switch against {
        case "baseline":
            let file = goldens.appendingPathComponent(BaselineFile.name)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw Failure(description: "no \(file.path); approve a run with `supportsim golden approve`, "
                              + "or compare with --against previous")
            }
            do { return try BaselineFile.load(from: goldens) } catch {
                throw Failure(description: "cannot read \(file.path): \(error)")
            }
        case "previous":
            guard let previous = try store.previousCompleteRun(before: current) else {
                throw Failure(description: "run \(current.id) has no complete run of \"\(suite)\" before it")
            }
            return try RunSnapshot(store: store, run: previous)
        default:
            return try RunSnapshot(store: store, run: try currentRun(against))
        }
    }

    /// A run by id, or by a unique prefix of its id.
    public func run(_ id: String) throws -> StoredRun {
        if let r = try store.run(id: id) { return r }
        let matches = try store.runs().filter { $0.id.hasPrefix(id) }
        guard matches.count == 1, let r = matches.first else {
            throw Failure(description: matches.isEmpty ? "no run \(id) in the history \(store.location)"
                          : "\(id) matches \(matches.count) runs: " + matches.prefix(5).map(\.id).joined(separator: ", "))
        }
        return r
    }

    /// The whole report: statistics, transcripts against goldens, and the trend up to the current run.
    public func report(against: String, current id: String?, settings: DriftSettings) throws -> (DriftReport, StoredRun) {
        let current = try currentRun(id)
        let base = try baseline(against, current: current)
        let snapshot = try RunSnapshot(store: store, run: current)
        var report = DriftAnalyzer(settings: settings).compare(baseline: base, current: snapshot,
                                                               goldens: GoldenTranscript.loadAll(from: goldens))
        report.trend = try Trend.load(store: store, suite: current.suite, upTo: current)
        return (report, current)
    }
}
