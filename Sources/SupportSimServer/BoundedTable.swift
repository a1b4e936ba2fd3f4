import Synchronization

/// A keyed table with a size cap and an idle expiry, for MCP sessions and conversation worlds.
///
/// Entries start "fresh" and become "established" when used again after creation. Past the
/// cap, the least recently used fresh entry goes first, so a flood of create-and-forget clients
/// evicts its own kind before anything a real client keeps using; only when there is no fresh
/// entry does the least recently used established one go. Eviction (rather than refusing new
/// entries) keeps `serve` usable for new clients during and after a flood. Expiry happens on
/// every access, oldest first, so it costs O(1) amortised and needs no timer.
public final class BoundedTable<Value: Sendable>: Sendable {
    public enum Removal: Sendable, Equatable { case expired, evicted }

    private let cap: Int
    private let idle: Duration
    private let state = Mutex<State>(State())

    private struct State: ~Copyable {
        var fresh = LRUList<Value>()
        var established = LRUList<Value>()
        var count: Int { fresh.count + established.count }
    }

    public init(cap: Int, idle: Duration) {
        self.cap = max(1, cap)
        self.idle = idle
    }

    public var count: Int { state.withLock { $0.count } }

    /// The value for `key` (marking it used), and whatever expired meanwhile.
    public func get(_ key: String) -> (value: Value?, removed: [(String, Value, Removal)]) {
        let now = ContinuousClock.now
        return state.withLock { s in
            let removed = expire(&s, now: now)
            if let node = s.established.remove(key) {
                s.established.append(key, node, now: now)
                return (node, removed)
            }
            if let node = s.fresh.remove(key) {
                s.established.append(key, node, now: now)
                return (node, removed)
            }
            return (nil, removed)
        }
    }

    /// The value for `key`, created by `make` if missing; and what expired or was evicted for it.
    public func getOrInsert(_ key: String, _ make: () -> Value) -> (value: Value, removed: [(String, Value, Removal)]) {
        let found = get(key)
        if let value = found.value { return (value, found.removed) }
        let (value, more) = insert(key, make())
        return (value, found.removed + more)
    }

    /// Adds a fresh entry (replacing one with the same key), evicting past the cap.
    @discardableResult
    public func insert(_ key: String, _ value: Value) -> (value: Value, removed: [(String, Value, Removal)]) {
        let now = ContinuousClock.now
        return state.withLock { s in
            var removed = expire(&s, now: now)
            _ = s.fresh.remove(key)
            _ = s.established.remove(key)
            while s.count >= cap {
                guard let (k, v) = s.fresh.popOldest() ?? s.established.popOldest() else { break }
                removed.append((k, v, .evicted))
            }
            s.fresh.append(key, value, now: now)
            return (value, removed)
        }
    }

    @discardableResult
    public func remove(_ key: String) -> Value? {
        state.withLock { s in s.fresh.remove(key) ?? s.established.remove(key) }
    }

    public func removeAll() -> [Value] {
        state.withLock { s in
            var all: [Value] = []
            while let (_, v) = s.fresh.popOldest() ?? s.established.popOldest() { all.append(v) }
            return all
        }
    }

    private func expire(_ s: inout State, now: ContinuousClock.Instant) -> [(String, Value, Removal)] {
        var removed: [(String, Value, Removal)] = []
        for established in [false, true] {
            while true {
                let oldest = established ? s.established.oldestUse : s.fresh.oldestUse
                guard let oldest, now - oldest >= idle else { break }
                let popped = established ? s.established.popOldest() : s.fresh.popOldest()
                guard let (k, v) = popped else { break }
                removed.append((k, v, .expired))
            }
        }
        return removed
    }
}

/// A least-recently-used list: a dictionary whose entries link to their neighbours by key,
/// so append, remove and pop-oldest are all O(1).
struct LRUList<Value> {
    private struct Node { var value: Value; var used: ContinuousClock.Instant; var older: String?; var newer: String? }
    private var nodes: [String: Node] = [:]
    private var oldest: String?
    private var newest: String?

    var count: Int { nodes.count }
    var oldestUse: ContinuousClock.Instant? { oldest.flatMap { nodes[$0]?.used } }

    mutating func append(_ key: String, _ value: Value, now: ContinuousClock.Instant) {
        nodes[key] = Node(value: value, used: now, older: newest, newer: nil)
        if let newest { nodes[newest]?.newer = key } else { oldest = key }
        newest = key
    }

    mutating func remove(_ key: String) -> Value? {
        guard let node = nodes.removeValue(forKey: key) else { return nil }
        if let older = node.older { nodes[older]?.newer = node.newer } else { oldest = node.newer }
        if let newer = node.newer { nodes[newer]?.older = node.older } else { newest = node.older }
        return node.value
    }

    mutating func popOldest() -> (String, Value)? {
        guard let key = oldest, let value = remove(key) else { return nil }
        return (key, value)
    }
}
