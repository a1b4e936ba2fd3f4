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
            // Right after `run --no-history` the history is empty, but the run's results.json is there.
            throw Failure(description: "no complete run of \"\(suite)\" in the history \(store.location); after `supportsim run --no-history`, "
                          + "pass the results.json it wrote (e.g. reports/latest/results.json)")
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

    /// The `results.json` at `path`, when `path` names a file rather than a run: `drift` and
    /// `show` work after a `--no-history` run, on the file it wrote. Nil for a run id.
    public static func resultsFile(_ path: String) throws -> (JSONValue, URL)? {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        let looksLikeFile = path.hasSuffix(".json") || path.contains("/")
        guard looksLikeFile else { return nil }
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw Failure(description: "\(url.path) does not exist; pass the results.json a run wrote (e.g. reports/latest/results.json) or a run id")
        }
        let file = isFolder.boolValue ? url.appendingPathComponent("results.json") : url
        do {
            let json = try JSONValue.parse(Data(contentsOf: file))
            guard json["run"] != nil, json["scenarios"]?.arrayValue != nil else {
                throw Failure(description: "\(file.path) is not a results.json (no run and scenarios)")
            }
            return (json, file)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot read \(file.path) as a results.json: \(error)")
        }
    }

    /// The drift of a `results.json` against the committed baseline or another `results.json`:
    /// no history needed. `against` "previous" or a run id still reads the history (`store`).
    public static func report(currentFile: JSONValue, at url: URL, against: String, store: () throws -> any RunHistory,
                              goldens: URL, settings: DriftSettings) throws -> DriftReport {
        let current = RunSnapshot(results: currentFile, label: url.path)
        let base: RunSnapshot
        if let (json, file) = try resultsFile(against) {
            base = RunSnapshot(results: json, label: file.path)
        } else if against == "baseline" {
            let file = goldens.appendingPathComponent(BaselineFile.name)
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw Failure(description: "no \(file.path); approve a run with `supportsim golden approve --results \(url.path)`, "
                              + "or compare with --against OTHER/results.json")
            }
            do { base = try BaselineFile.load(from: goldens) } catch {
                throw Failure(description: "cannot read \(file.path): \(error)")
            }
        } else {
            let sources = DriftSources(store: try store(), suite: current.suite, goldens: goldens)
            base = try RunSnapshot(store: sources.store, run: try sources.currentRun(against == "previous" ? nil : against))
        }
        return DriftAnalyzer(settings: settings).compare(baseline: base, current: current, goldens: GoldenTranscript.loadAll(from: goldens))
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
