import Foundation
import Synchronization
import SupportSimCore
import SupportSimHistory
import SupportSimReports
import SupportSimRunner
import SupportSimScoring

/// The history stage: the run is stored as it goes, so that a run that is killed keeps every
/// conversation finished before it died (and is marked `incomplete` later). It only writes;
/// what is read back from the history (a baseline, the trend) belongs to the stages that use it.
public final class HistoryStage: Sendable {
    public let store: any RunHistory
    let suite: Suite
    private let runID = Mutex<String?>(nil)
    private let failure = Mutex<String?>(nil)

    public init(store: any RunHistory, suite: Suite) {
        self.store = store
        self.suite = suite
    }

    /// Stores the run as `running`, with the scenario files `--skip-invalid` set aside.
    public func begin(_ info: RunInfo) throws(RunFailure) {
        do {
            try store.beginRun(info, configHash: RunProvenance.configHash(suiteRoot: suite.root))
            runID.withLock { $0 = info.id }
            for invalid in suite.invalidScenarios { try store.recordInvalid(invalid, runID: info.id) }
        } catch {
            throw .harnessFailure("the run could not be stored in the history \(store.location): \(error)")
        }
    }

    /// Called for each finished conversation, from the task that finished it. A failed write
    /// does not stop the run; it is reported by `complete` and makes the run a harness failure.
    public func record(_ result: ScenarioResult) {
        guard let id = runID.withLock({ $0 }) else { return }
        do {
            try store.record(result, runID: id, json: ResultsJSONWriter.scenario(result))
        } catch {
            failure.withLock { if $0 == nil { $0 = "\(result.id)#\(result.trial): \(error)" } }
        }
    }

    /// Stores the metrics and gates and marks the run `complete`: called once its reports are in
    /// place, so that a run killed while writing them is never taken for complete.
    public func complete(_ record: RunRecord) throws(RunFailure) {
        if let message = failure.withLock({ $0 }) {
            throw .harnessFailure("a conversation could not be stored in the history \(store.location): \(message)")
        }
        do {
            try store.finishRun(record)
        } catch {
            throw .harnessFailure("the run could not be completed in the history \(store.location): \(error)")
        }
    }
}
