import ArgumentParser
import Foundation
import Synchronization
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// `supportsim run`'s side of the history: the run is stored as it goes, so that a run that is
/// killed keeps every conversation finished before it died (and is marked `incomplete` later).
final class RunHistoryRecorder: Sendable {
    let store: any RunHistory
    let suite: Suite
    private let runID = Mutex<String?>(nil)
    private let failure = Mutex<String?>(nil)

    /// Opens the suite's history; exits 3 when the database cannot be used.
    init(suite: Suite) throws {
        store = try HistoryLocation.open(suite)
        self.suite = suite
    }

    /// Stores the run as `running`, with the scenario files `--skip-invalid` set aside.
    func begin(_ info: RunInfo) throws {
        do {
            try store.beginRun(info, configHash: RunProvenance.configHash(suiteRoot: suite.root))
            runID.withLock { $0 = info.id }
            for invalid in suite.invalidScenarios { try store.recordInvalid(invalid, runID: info.id) }
        } catch {
            Console.error("error: the run could not be stored in the history \(store.location): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }

    /// Called from the runner's progress callback for each finished conversation. A failed write
    /// does not stop the run; it is reported at the end and makes the run exit 3.
    func record(_ result: ScenarioResult) {
        guard let id = runID.withLock({ $0 }) else { return }
        do {
            try store.record(result, runID: id, json: ResultsJSONWriter.scenario(result))
        } catch {
            failure.withLock { if $0 == nil { $0 = "\(result.id)#\(result.trial): \(error)" } }
        }
    }

    /// Stores the metrics and gates and marks the run `complete`: called once its reports are in
    /// place, so that a run killed while writing them is never taken for complete.
    func complete(_ record: RunRecord) throws {
        if let message = failure.withLock({ $0 }) {
            Console.error("error: a conversation could not be stored in the history \(store.location): \(message)")
            throw ExitStatus.harnessFailure.exitCode
        }
        do {
            try store.finishRun(record)
        } catch {
            Console.error("error: the run could not be completed in the history \(store.location): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
    }

    /// Pass rates of the last 20 complete runs of the suite, oldest first, for the trend chart.
    func trend(suite name: String) -> [(runID: String, passRate: Double)] {
        let runs = (try? store.completeRuns(suite: name, before: nil, limit: 20)) ?? []
        return runs.compactMap { r in r.passRate.map { (runID: r.id, passRate: $0) } }.sorted { $0.runID < $1.runID }
    }
}
