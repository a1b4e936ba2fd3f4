import Foundation
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

struct RunnerTests {
    let suite: Suite

    init() throws { suite = try Fixtures.loadAcmeMini() }

    func run(_ agent: any SupportAgent, suite: Suite? = nil, _ options: RunOptions = RunOptions()) async -> [ScenarioResult] {
        await SuiteRunner(suite: suite ?? self.suite, agent: agent).run(options)
    }

    @Test func aScriptedAgentPassesEveryAcmeMiniScenario() async {
        let results = await run(AcmeMiniScript.agent)
        #expect(results.count == 4)
        for r in results {
            #expect(r.status == .pass, "\(r.id): \(r.failureReasons)")
        }
    }

    @Test func theSimulatedCustomerAnswersWhatItKnows() async throws {
        let results = await run(AcmeMiniScript.agent, RunOptions(filters: ["billing/double-charge"]))
        let t = try #require(results.first).record.transcript
        #expect(t.map(\.speaker) == [.customer, .agent, .customer, .agent, .customer, .agent])
        #expect(t[2].text == "4242")
        #expect(t[2].scripted == false)
        #expect(t[2].scriptedTurn == 0)
        #expect(t.map(\.turn) == [0, 0, 1, 1, 2, 2])
    }

    @Test func aFactTheCustomerDoesNotKnowIsAnsweredSo() async throws {
        let agent = ClosureAgent { turn, _ in
            AgentReply(text: turn.turn == 0 ? "What's your order number?" : "Thanks.")
        }
        let results = await run(agent, RunOptions(filters: ["orders/where-is-my-order"]))
        #expect(results.first?.record.transcript[2].text == "I don't have that.")
    }

    @Test func anAgentThatKeepsAskingEndsUnresolvedAfterTwentyReplies() async throws {
        let agent = ClosureAgent { _, _ in AgentReply(text: "Could you confirm the last four digits?") }
        var s = suite
        s.config.conversationTimeoutMs = 10_000_000
        let r = try #require(await run(agent, suite: s, RunOptions(filters: ["billing/double-charge"])).first)
        #expect(r.record.endReason == .replyLimit)
        #expect(r.record.resolution == .unresolved)
        #expect(r.record.agentReplies.count == 20)
        #expect(r.status == .fail)
    }

    @Test func virtualTimeAddsLatencyAndThinkTime() async throws {
        let r = try #require(await run(AcmeMiniScript.agent, RunOptions(filters: ["billing/double-charge"])).first)
        // First reply makes no call; the answer comes 20 s later; then verify (120) + list (180) + refund (180).
        #expect(r.record.frtMs == 0)
        let t = r.record.transcript
        #expect(t[2].atMs == 20_000)
        #expect(t[3].atMs == 20_000 + 120 + 180 + 180)
        #expect(r.record.audit.map(\.atMs) == [20_000, 20_120, 20_300])
    }

    @Test func anAgentErrorEndsOnlyItsConversation() async throws {
        let agent = ClosureAgent { turn, tools in
            if turn.scenario == "orders/where-is-my-order" { throw AgentFailure("model crashed") }
            return try await AcmeMiniScript.agent.respond(to: turn, tools: tools)
        }
        let results = await run(agent)
        let failed = try #require(results.first { $0.id == "orders/where-is-my-order" })
        #expect(failed.status == .error)
        #expect(failed.record.error == "turn 0: model crashed")
        #expect(results.filter { $0.status == .pass }.count == 3)
    }

    @Test func anAgentThatNeverAnswersTimesOut() async throws {
        var s = suite
        s.config.turnTimeoutMs = 50
        let agent = ScriptedAgent(scripts: [:], delay: .seconds(30))
        let results = await run(agent, suite: s, RunOptions(filters: ["orders/*"]))
        #expect(results.first?.status == .error)
        #expect(results.first?.record.error == "turn 0: the agent did not reply within 50 ms")
    }

    @Test func aConversationThatOutlastsItsTimeoutIsUnresolved() async throws {
        var s = suite
        s.config.conversationTimeoutMs = 10_000
        let results = await run(AcmeMiniScript.agent, suite: s, RunOptions(filters: ["billing/double-charge"]))
        let r = try #require(results.first)
        #expect(r.record.endReason == .conversationTimeout)
        #expect(r.record.resolution == .unresolved)
    }

    @Test func filtersSelectByIDGlobOrTag() {
        #expect(SuiteRunner.select(suite.scenarios, filters: ["billing/*"]).map(\.id) == ["billing/double-charge", "billing/large-refund"])
        #expect(SuiteRunner.select(suite.scenarios, filters: ["tracking"]).map(\.id) == ["orders/where-is-my-order"])
    }

    @Test func repeatRunsEveryScenarioKTimes() async {
        let results = await run(AcmeMiniScript.agent, RunOptions(repeatCount: 3))
        #expect(results.count == 12)
        #expect(results.prefix(3).map(\.trial) == [1, 2, 3])
    }

    @Test func jobsNeverChangeTheResults() async {
        func json(_ jobs: Int) async -> String {
            let results = await run(AcmeMiniScript.agent, RunOptions(repeatCount: 5, jobs: jobs))
            let info = RunInfo(id: "fixed", suite: "s", agent: "a", startedAt: Date(timeIntervalSince1970: 0),
                               finishedAt: Date(timeIntervalSince1970: 0), repeatCount: 5, filters: [])
            return ResultsJSONWriter().render(RunRecord(info: info, config: suite.config, results: results, invalid: []))
        }
        let one = await json(1)
        let eight = await json(8)
        #expect(one == eight)
        #expect(one.contains("\"status\": \"pass\""))
    }
}
