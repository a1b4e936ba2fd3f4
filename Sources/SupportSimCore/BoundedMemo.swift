import Synchronization

/// Answers of a pure function kept by their question, shared by every conversation of the
/// process: a suite's scripted messages come back in every trial, and its records in many
/// conversations, so the same text is read again and again. Bounded: once full, it starts
/// afresh (a run's texts are read in no particular order, so no entry is worth more than
/// another to keep).
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let capacity: Int

    public init(capacity: Int = 50_000) { self.capacity = capacity }

    /// `compute(key)`, from the memo when it has been asked before. `compute` runs outside the
    /// lock: two conversations asking at once may both compute it, and get the same answer.
    public func value(_ key: Key, _ compute: (Key) -> Value) -> Value {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let computed = compute(key)
        entries.withLock { m in
            if m.count >= capacity { m.removeAll(keepingCapacity: true) }
            m[key] = computed
        }
        return computed
    }
}
