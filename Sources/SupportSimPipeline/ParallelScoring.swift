import Foundation
import SupportSimCore
import SupportSimScoring

/// Scoring read-back conversations over every core: thousands of them are CPU work, and each
/// conversation's score is independent of the others'.
public enum ParallelScoring {
    public static func score(_ records: [ConversationRecord], with scorer: any ConversationScorer) -> [ScenarioResult] {
        let slots = Slots(count: records.count)
        DispatchQueue.concurrentPerform(iterations: records.count) { i in slots.set(i, scorer.score(records[i])) }
        return slots.values
    }

    private final class Slots: @unchecked Sendable {
        private var storage: [ScenarioResult?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: ScenarioResult) { lock.withLock { storage[i] = value } }
        var values: [ScenarioResult] { storage.map { $0! } }
    }
}
