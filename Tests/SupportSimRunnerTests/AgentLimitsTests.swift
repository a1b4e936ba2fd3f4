import Foundation
import Synchronization
import SupportSimCore
import SupportSimRunner
import SupportSimTesting
import Testing

/// `agent: {max_concurrency, max_rps, max_cost}`: what a run may ask of a model-backed agent.
struct AgentLimitsTests {
    /// Counts the turns in progress at once; charged its wall time like an external agent.
    final class CountingAgent: SupportAgent {
        let inFlight = Mutex((now: 0, most: 0))
        let tokens: Int
        init(tokens: Int = 0) { self.tokens = tokens }
        var chargesWallTime: Bool { true }
        func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try await Task.sleep(for: .milliseconds(5))
            inFlight.withLock { $0.now -= 1 }
            return AgentReply(text: "Okay.", usage: TokenUsage(inputTokens: tokens, outputTokens: 0), elapsedMs: 100)
        }
    }

    @Test func noMoreConversationsAreInFlightThanMaxConcurrency() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.agentLimits.maxConcurrency = 2
        let agent = CountingAgent()
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(repeatCount: 10, jobs: 8))
        #expect(results.count == 40)
        #expect(agent.inFlight.withLock { $0.most } == 2)
    }

    @Test func aRunStopsStartingConversationsAtItsCostBudgetAndFinishesThoseInFlight() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.costs.perThousandInputTokens = Decimal(string: "0.01")!
        suite.config.agentLimits.maxCost = Decimal(string: "0.10")!
        suite.config.agentLimits.maxConcurrency = 1
        // 1,000 input tokens a turn: a cent a turn.
        let results = await SuiteRunner(suite: suite, agent: CountingAgent(tokens: 1000)).run(RunOptions(repeatCount: 10))
        let spent = results.map { $0.modelCost(suite.config.costs) }.reduce(0, +)
        #expect(results.count < 40)
        #expect(spent >= Decimal(string: "0.10")!)
        // The last conversation started below the budget: without it the spend was below.
        let beforeLast = results.dropLast().map { $0.modelCost(suite.config.costs) }.reduce(0, +)
        #expect(beforeLast < Decimal(string: "0.10")!)
        // Played in plan order: the first ones.
        let plan = SuiteRunner.plan(suite, RunOptions(repeatCount: 10)).prefix(results.count)
        #expect(results.map(\.id) == plan.map(\.scenario.id))
    }

    @Test func aResumedRunCountsWhatItsFirstPartSpent() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.costs.perThousandInputTokens = 1
        suite.config.agentLimits.maxCost = 5
        var options = RunOptions(repeatCount: 10)
        options.spentBefore = 5
        let results = await SuiteRunner(suite: suite, agent: CountingAgent(tokens: 1000)).run(options)
        #expect(results.isEmpty, "the budget was spent before the run resumed")
    }

    @Test func turnsArePacedAndTheWaitIsNotChargedToTheVirtualClock() async throws {
        /// An agent that answers at once and says nothing of its time.
        struct InstantAgent: SupportAgent {
            var chargesWallTime: Bool { true }
            func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply { AgentReply(text: "Okay.") }
        }
        let paced = RateLimitedAgent(InstantAgent(), perSecond: 4)
        let suite = try Fixtures.loadAcmeMini()
        let started = ContinuousClock.now
        let results = await SuiteRunner(suite: suite, agent: paced).run(RunOptions(jobs: 4))
        let turns = results.flatMap(\.record.agentReplies)
        #expect(turns.count >= 4)
        // Four turns a second: the turns after the first waited a quarter of a second each.
        #expect(ContinuousClock.now - started >= .milliseconds(250 * (turns.count - 1)))
        // The reply's time is the agent's own, measured after the wait.
        #expect(turns.allSatisfy { ($0.reply?.elapsedMs ?? 0) < 250 })
        #expect(!paced.chargesWallTime)
    }
}
