import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimDrift
import SupportSimRunner
import SupportSimSuite
import SupportSimTesting
import Testing

/// Drift reads a run in memory straight from its scored results, and a stored run or a
/// results.json from their JSON objects: both readings must be one snapshot.
struct DriftSnapshotTests {
    @Test func aTrialReadInMemoryIsTheSnapshotItsResultsObjectGives() async throws {
        let bundled = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let synthetic = try SyntheticRuns.suite(copies: 2)
        var results = await SuiteRunner(suite: bundled, agent: ReferenceAgent(suite: bundled)).run(RunOptions())
        results += await SuiteRunner(suite: synthetic, agent: SyntheticRuns.agent()).run(RunOptions())
        // An agent that invents a refund in every reply: ungrounded claims.
        let inventing = SyntheticRuns.agent { _ in
            AgentReply(text: "I have refunded $987.65 to your card and closed your account.", intent: "billing.refund")
        }
        results += await SuiteRunner(suite: synthetic, agent: inventing).run(RunOptions())
        #expect(results.contains { $0.status != .pass }, "failing trials too, so that their reasons are compared")
        #expect(results.contains { !$0.hallucinations.isEmpty || !$0.violations.isEmpty })
        for r in results {
            #expect(ScenarioSnapshot(result: r) == ScenarioSnapshot(resultsObject: ScenarioResultJSON.encode(r)), "\(r.id)#\(r.trial)")
        }
    }
}
