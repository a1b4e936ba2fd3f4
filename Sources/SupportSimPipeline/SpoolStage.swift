import Foundation
import Synchronization
import SupportSimReports
import SupportSimScoring

/// Keeps a run's memory flat: each passing conversation's pieces of results.json and
/// report.html go to a spool in the run's folder as it finishes, and the run keeps its short
/// summary (`ReportPieces.spooled`). A spool that cannot be made or written is not an error:
/// the conversations concerned are kept whole, as they always were, and a warning says so.
final class SpoolStage: Sendable {
    private let spool: ReportSpool?
    private let warnings: WarningLog
    private let warned = Mutex(false)

    init(folder: URL, warnings: WarningLog) {
        self.warnings = warnings
        do {
            spool = try ReportSpool(in: folder)
        } catch {
            spool = nil
            warnings.add("\(error); the run keeps every conversation in memory")
        }
    }

    /// What the run keeps of `result`.
    func retain(_ result: ScenarioResult) -> ScenarioResult {
        guard let spool else { return result }
        do {
            return try ReportPieces.spooled(result, into: spool)
        } catch {
            if !warned.withLock({ was in defer { was = true }; return was }) {
                warnings.add("\(error); the conversations it could not take are kept in memory")
            }
            return result
        }
    }
}
