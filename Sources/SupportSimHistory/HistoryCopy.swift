import Foundation

/// `supportsim history copy`: every run of one history into another (a local SQLite history into
/// the team's PostgreSQL one), oldest first, each whole in one transaction with its id, status,
/// conversations, checks, findings and metrics. Idempotent: a run the target already holds is
/// skipped, so a copy that was interrupted, or is run again, adds only what is missing.
public enum HistoryCopy {
    public enum Outcome: Sendable, Hashable {
        case copied(conversations: Int)
        /// The target holds a run with this id already; it is left as it is.
        case alreadyThere
        /// The run is still being written (its process is alive): copied by a later copy.
        case stillRunning
    }

    /// Copies `source`'s runs into `target`; `progress` hears of each run as it is done.
    /// - Returns: the outcome of each run, oldest first.
    @discardableResult
    public static func copy(from source: any RunHistory, to target: any RunHistory,
                            progress: (StoredRun, Outcome) -> Void = { _, _ in }) throws -> [(run: StoredRun, outcome: Outcome)]
    {
        var outcomes: [(run: StoredRun, outcome: Outcome)] = []
        for run in try source.runs().reversed() {
            let outcome: Outcome
            if run.status == .running {
                outcome = .stillRunning
            } else if try target.run(id: run.id) != nil {
                outcome = .alreadyThere
            } else if var contents = try source.contents(runID: run.id) {
                // A read-only source shows a run whose process is gone as incomplete: copy it so.
                contents.run.status = run.status
                outcome = try target.insertCopy(contents) ? .copied(conversations: contents.conversations.count) : .alreadyThere
            } else {
                continue
            }
            progress(run, outcome)
            outcomes.append((run, outcome))
        }
        return outcomes
    }
}
