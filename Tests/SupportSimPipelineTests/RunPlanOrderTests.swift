import Foundation
import Testing
import SupportSimCore
import SupportSimPipeline
import SupportSimScoring
import SupportSimTesting

/// Results come out in the plan's order (suite order, then trial) however they were played.
struct RunPlanOrderTests {
    static func result(_ scenario: Scenario, trial: Int, error: String? = nil) -> ScenarioResult {
        let record = ConversationRecord(scenario: scenario, trial: trial, conversationID: "\(scenario.id)#\(trial)",
                                        start: Date(timeIntervalSince1970: 0), transcript: [], audit: [], finalWorld: World(),
                                        handoff: nil, handoffTurn: nil, endReason: .scriptDone, error: error, endMs: 0)
        return ScenarioResult(record: record, checks: [])
    }

    @Test func resultsInAnyOrderComeOutInThePlansOrder() throws {
        let scenarios = Array(try Fixtures.loadAcmeMini().scenarios.prefix(3))
        let plan = scenarios.flatMap { s in [1, 2].map { (scenario: s, trial: $0) } }
        let played = plan.map { Self.result($0.scenario, trial: $0.trial) }
        let shuffled = [played[3], played[0], played[5], played[1], played[4], played[2]]
        let keys = { (rs: [ScenarioResult]) in rs.map { "\($0.id)#\($0.trial)" } }
        #expect(keys(RunPlan.ordered(plan, shuffled)) == keys(played))
        #expect(keys(RunPlan.ordered(plan, played)) == keys(played), "results already in order stay so")
    }

    @Test func aResultOutsideThePlanIsLeftOutAndTheLaterOfTwoIsKept() throws {
        let scenarios = Array(try Fixtures.loadAcmeMini().scenarios.prefix(2))
        let plan = [(scenario: scenarios[0], trial: 1)]
        let stray = Self.result(scenarios[1], trial: 1)
        let first = Self.result(scenarios[0], trial: 1, error: "first"), later = Self.result(scenarios[0], trial: 1, error: "later")
        let ordered = RunPlan.ordered(plan, [first, stray, later])
        #expect(ordered.count == 1)
        #expect(ordered.first?.record.error == "later")
        #expect(RunPlan.ordered(plan, [stray]).isEmpty)
    }
}
