import SupportSimCore
import SupportSimScoring
import SupportSimTauPlay

/// How a suite's conversations are scored, the same when played and when read back from a
/// journal (resume, merge).
public enum SuiteScoring {
    /// A tau suite's data (nil for a support suite); invalid input when it cannot be read.
    public static func tauData(_ suite: Suite) throws(RunFailure) -> TauSuiteData? {
        guard suite.config.domain != .support else { return nil }
        do {
            return try TauSuiteData(suite: suite)
        } catch {
            throw .invalidInput("\(error)")
        }
    }

    /// tau-bench's rules and reward for a tau suite, the standard checks otherwise.
    public static func scorer(suite: Suite, tau: TauSuiteData?) -> any ConversationScorer {
        tau.map { TauScorer(suite: suite, policy: $0.policy) } ?? StandardScorer(suite: suite)
    }
}
