import Foundation
import SupportSimCore
import SupportSimScoring

/// Scoring read-back conversations over every core: thousands of them are CPU work, and each
/// conversation's score is independent of the others'.
public enum ParallelScoring {
    public static func score(_ records: [ConversationRecord], with scorer: any ConversationScorer) -> [ScenarioResult] {
        ParallelMap.map(records) { scorer.score($0) }
    }
}
