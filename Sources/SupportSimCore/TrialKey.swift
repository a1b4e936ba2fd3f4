/// One (scenario, trial) pair of a run: the unit a shard is made of, a journal line records, and
/// a resumed run skips when it is already played.
public struct TrialKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var scenario: String
    public var trial: Int
    public init(scenario: String, trial: Int) {
        self.scenario = scenario
        self.trial = trial
    }
    public var description: String { "\(scenario)#\(trial)" }
    public static func < (a: TrialKey, b: TrialKey) -> Bool { (a.scenario, a.trial) < (b.scenario, b.trial) }
}

/// Which part of a run a shard plays: `--shard I/N`, 1-based. A pair's shard depends only on its
/// scenario id, its trial and N, so adding a scenario to a suite moves no other scenario to
/// another shard; a scenario's trials go to consecutive shards, so that `--repeat` spreads a
/// long scenario's cost over the shards instead of piling it on one.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N` with 1 <= I <= N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The 1-based shard of `count` that plays this pair.
    public static func shard(of key: TrialKey, count: Int) -> Int {
        // FNV-1a over the id's UTF-8: fixed across processes and machines, unlike Hasher.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.scenario.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let n = UInt64(count)
        return Int((h % n + UInt64(max(0, key.trial - 1)) % n) % n) + 1
    }

    public func contains(_ key: TrialKey) -> Bool { Self.shard(of: key, count: count) == index }
}
