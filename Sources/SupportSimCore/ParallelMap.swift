import Foundation
import Synchronization

/// `items.map(transform)` on every core, results in the items' order: for independent CPU work
/// over many inputs (scenario files, golden files, read-back conversations) whose combined
/// result must not depend on which core finished first.
public enum ParallelMap {
    public static func map<Item: Sendable, Value: Sendable>(_ items: [Item],
                                                            _ transform: @Sendable (Item) -> Value) -> [Value] {
        // Too few items to be worth a thread hop: the caller's thread does them all.
        if items.count < 2 { return items.map(transform) }
        let slots = Mutex([Value?](repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            let value = transform(items[i])
            slots.withLock { $0[i] = value }
        }
        return slots.withLock { $0.map { $0! } }
    }
}
