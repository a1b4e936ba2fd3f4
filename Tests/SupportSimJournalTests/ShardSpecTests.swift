import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimSuite
import SupportSimTesting
import Testing

/// `--shard I/N`: every pair in exactly one shard, fixed by the pair alone.
struct ShardSpecTests {
    static let ids = (1...400).map { "topic-\($0 % 7)/scenario-\($0)" }

    @Test func everyPairIsInExactlyOneShard() {
        for n in [1, 2, 3, 7] {
            for id in Self.ids {
                for trial in 1...3 {
                    let key = TrialKey(scenario: id, trial: trial)
                    #expect((1...n).filter { ShardSpec(index: $0, count: n).contains(key) }.count == 1)
                }
            }
        }
    }

    @Test func addingAScenarioMovesNoOtherScenario() {
        let before = Dictionary(uniqueKeysWithValues: Self.ids.map { ($0, ShardSpec.shard(of: TrialKey(scenario: $0, trial: 1), count: 5)) })
        let after = (Self.ids + ["billing/brand-new"]).map { ($0, ShardSpec.shard(of: TrialKey(scenario: $0, trial: 1), count: 5)) }
        for (id, shard) in after where id != "billing/brand-new" { #expect(before[id] == shard, "\(id) moved") }
    }

    @Test func aScenariosTrialsGoToConsecutiveShardsSoRepeatsBalanceExactly() async throws {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        var turns: [Int] = []
        for i in 1...3 {
            let plan = SuiteRunner.plan(suite, RunOptions(repeatCount: 3, shard: ShardSpec(index: i, count: 3)))
            turns.append(plan.map { $0.scenario.turns.count }.reduce(0, +))
            #expect(Set(plan.map(\.scenario.id)).count == suite.scenarios.count)
        }
        #expect(Set(turns).count == 1, "turns per shard: \(turns)")
    }

    @Test func shardsAreParsedAsIOverN() {
        #expect(ShardSpec(parsing: "2/5") == ShardSpec(index: 2, count: 5))
        for bad in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2"] { #expect(ShardSpec(parsing: bad) == nil, "\(bad)") }
    }
}
