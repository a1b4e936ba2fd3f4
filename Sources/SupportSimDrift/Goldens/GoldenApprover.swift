import Foundation
import SupportSimCore
import SupportSimScoring
import SupportSimHistory

/// `supportsim golden approve`: writes a stored run's goldens. The bytes depend only on the run's
/// content, and a file whose bytes would not change is not touched at all, so approving the same
/// run again leaves the working tree clean.
public struct GoldenApprover: Sendable {
    public let folder: URL
    public init(folder: URL) { self.folder = folder }

    public struct Outcome: Sendable, Hashable {
        /// Paths relative to the goldens folder.
        public var written: [String]
        public var unchanged: [String]
        /// Golden transcripts of scenarios the run did not play; kept, since a filtered run
        /// approves only what it ran.
        public var notInRun: [String]
    }

    public func approve(store: any RunHistory, run: StoredRun) throws -> Outcome {
        let conversations = try store.conversations(runID: run.id)
        let objects = conversations.map(\.resultJSON)
        let snapshot = RunSnapshot(label: "run \(run.id)", runID: run.id, suite: run.suite, agent: run.agent,
                                   metrics: RunMetrics(json: run.metricsJSON ?? [:]), scenarios: objects.map(ScenarioSnapshot.init(resultsObject:)))
        let goldens = objects.filter { $0["trial"]?.intValue == 1 && $0["status"]?.stringValue != "invalid" }
            .map(GoldenTranscript.init(resultsObject:))
        return try write(goldens: goldens, baseline: snapshot)
    }

    /// The same from a run's `results.json` (after `run --no-history`, or from a CI artifact).
    public func approve(results: JSONValue) throws -> Outcome {
        let run = results["run"] ?? [:]
        let objects = results["scenarios"]?.arrayValue ?? []
        let id = run["id"]?.stringValue ?? "results.json"
        let snapshot = RunSnapshot(label: "run \(id)", runID: id, suite: run["suite"]?.stringValue ?? "",
                                   agent: run["agent"]?.stringValue ?? "", metrics: RunMetrics(json: results["metrics"] ?? [:]),
                                   scenarios: objects.map(ScenarioSnapshot.init(resultsObject:)))
        let goldens = objects.filter { $0["trial"]?.intValue == 1 && $0["status"]?.stringValue != "invalid" }
            .map(GoldenTranscript.init(resultsObject:))
        return try write(goldens: goldens, baseline: snapshot)
    }

    public func write(goldens: [GoldenTranscript], baseline: RunSnapshot) throws -> Outcome {
        var files: [(String, String)] = goldens.sorted { $0.scenario < $1.scenario }
            .map { (GoldenTranscript.relativePath(for: $0.scenario), $0.yaml) }
        files.append((BaselineFile.name, BaselineFile.json(baseline).prettyJSONText()))
        var outcome = Outcome(written: [], unchanged: [], notInRun: [])
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            let bytes = Data(text.utf8)
            if FileManager.default.contents(atPath: url.path) == bytes {
                outcome.unchanged.append(path)
                continue
            }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url, options: .atomic)
            outcome.written.append(path)
        }
        let approved = Set(goldens.map(\.scenario))
        outcome.notInRun = GoldenTranscript.loadAll(from: folder).keys.filter { !approved.contains($0) }.sorted()
        return outcome
    }
}
