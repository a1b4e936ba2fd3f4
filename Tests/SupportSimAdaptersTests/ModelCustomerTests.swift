import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// A model plays the customer from a goal: against a local fake chat-completions server that
/// plays both the customer model and the openai agent's model from a script, a customer asks,
/// is asked a clarifying question, answers it and stops; recorded once, the run replays with the
/// server stopped and gives the same results.
@Suite(.serialized, .enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil, "needs python3 for the fake model server"))
struct ModelCustomerTests {
    static let rules: [FakeModelServer.Rule] = [
        .init("customer", when: "How can I help you today?", reply: "I need to cancel an order."),
        .init("customer", when: "order number", reply: "It's A-1001."),
        .init("customer", when: "is cancelled", reply: "Thanks! ###STOP###"),
        .init("agent", when: "cancel an order", reply: "Sure, what is the order number?"),
        .init("agent", when: "A-1001", reply: "Order A-1001 is cancelled."),
        .init("judge", reply: #"{"verdict": "pass", "score": 1, "reason": "The agent asked for the order and confirmed it."}"#),
    ]

    static func files(_ server: String, config extra: String = "") -> [String: String] {
        [
            "supportsim.yml": """
                version: 1
                name: Simulated
                customer_model: {base_url: "\(server)", model: fake-customer, api_key_env: CUSTOMER_KEY, seed: 3, temperature: 0}
                judge: {base_url: "\(server)", model: fake-judge}
                \(extra)
                """,
            "scenarios/world/customers.yaml": "customers:\n  - {id: C-1, name: Ann Lee}\n",
            "scenarios/cancel.yaml": """
                goal: Cancel order A-1001 and hear that it is cancelled.
                persona: A busy parent who types short messages.
                knows: {order_id: A-1001}
                expect: {resolution: resolved, judge: The agent confirms the cancellation}
                """,
            "scenarios/opened.yaml": """
                goal: Cancel order A-1001.
                knows: {order_id: A-1001}
                turns:
                  - customer: I need to cancel an order.
                    expect: {mentions: [order number]}
                """,
            "scenarios/cut-off.yaml": """
                goal: Cancel order A-1001.
                max_turns: 1
                """,
        ]
    }

    static func agent(_ server: FakeModelServer, cassette: ModelCassette? = nil) -> OpenAIAgent {
        OpenAIAgent(spec: OpenAIAgentSpec(baseURL: server.baseURL, model: "fake-agent", apiKeyEnv: "AGENT_KEY"), policies: [],
                    timeoutMs: 10_000, environment: ["AGENT_KEY": "agent-secret"], retryDelay: .seconds(3600), cassette: cassette)
    }

    static func run(_ suite: Suite, agent: OpenAIAgent, cassette: ModelCassette?, judge: ModelEndpoint?) async throws
        -> [String: ScenarioResult]
    {
        try await agent.start()
        let customer = ModelCustomer(environment: ["CUSTOMER_KEY": "customer-secret"], retryDelay: .seconds(3600), cassette: cassette)
        let results = await SuiteRunner(suite: suite, agent: agent, judge: judge.map { ModelJudge(spec: $0, environment: [:], cassette: cassette) },
                                        customer: customer).run(RunOptions(jobs: 2))
        await agent.stop()
        return Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0) })
    }

    @Test(.timeLimit(.minutes(2))) func aModelCustomerAnswersTheAgentsQuestionAndStops() async throws {
        let server = try FakeModelServer(Self.rules)
        defer { server.stop() }
        let suite = try SuiteLoader(root: Fixtures.suite(Self.files(server.baseURL))).load()
        #expect(suite.warnings.isEmpty)
        let results = try await Self.run(suite, agent: Self.agent(server), cassette: nil, judge: suite.config.judge)

        let cancel = try #require(results["cancel"])
        #expect(cancel.record.transcript.map(\.text) == [
            "I need to cancel an order.", "Sure, what is the order number?", "It's A-1001.", "Order A-1001 is cancelled.",
        ])
        #expect(cancel.record.transcript.allSatisfy { !$0.scripted && $0.scriptedTurn == 0 }, "no scripted turn: all simulated")
        #expect(cancel.record.endReason == .customerStopped)
        #expect(cancel.status == .pass, "\(cancel.failureReasons)")
        // Three customer messages were written (the third is the stop), 40 + 8 tokens each.
        #expect(cancel.record.customerUsage == TokenUsage(inputTokens: 120, outputTokens: 24))
        #expect(cancel.record.judgements.first?.reason == "The agent asked for the order and confirmed it.")

        let opened = try #require(results["opened"])
        #expect(opened.record.transcript.map(\.scripted) == [true, true, false, false], "the first message is scripted")
        #expect(opened.status == .pass, "\(opened.failureReasons)")

        let cut = try #require(results["cut-off"])
        #expect(cut.record.endReason == .turnLimit, "max_turns: 1 ends it after the customer's first message")
        #expect(cut.record.resolution == .unresolved)

        let customerRequests = try server.requests().filter { $0["role"] == "customer" }
        #expect(customerRequests.allSatisfy { $0["seed"] == 3 && $0["temperature"] == 0 })
        #expect(customerRequests.allSatisfy { $0["authorization"] == "Bearer customer-secret" })
        let cost = MetricsCalculator(config: suite.config).metrics(Array(results.values)).cost
        #expect((cost.customer?.inputTokens ?? 0) > 0, "what simulating the customer cost is reported")
        #expect(MetricsCalculator(config: suite.config).metrics(Array(results.values)).json["cost_per_resolution"]?["customer_input_tokens"] != nil, "and written to results.json")
    }

    @Test(.timeLimit(.minutes(2))) func aRecordedRunReplaysWithTheServerStoppedAndTheSameResults() async throws {
        let root = try Fixtures.suite(Self.files("http://127.0.0.1:9/v1"))
        let cassetteFile = root.appendingPathComponent("cassette.jsonl")
        let server = try FakeModelServer(Self.rules)
        // The endpoint is not part of a call's key: the suite points at the live server to record.
        let live = try SuiteLoader(root: Fixtures.suite(Self.files(server.baseURL))).load()
        let recorder = try ModelCassette(mode: .record, url: cassetteFile)
        let recorded = try await Self.run(live, agent: Self.agent(server, cassette: recorder), cassette: recorder, judge: live.config.judge)
        try recorder.save()
        let sent = try server.requests().count
        server.stop()

        let lines = try String(contentsOf: cassetteFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == sent, "every model call is one line")
        #expect(lines.allSatisfy { $0.contains("\"key\":") && $0.contains("\"role\":") })
        #expect(!lines.contains { $0.contains("agent-secret") || $0.contains("customer-secret") }, "no key is recorded")

        let suite = try SuiteLoader(root: root).load()
        let replayer = try ModelCassette(mode: .replay, url: cassetteFile)
        let offline = try FakeModelServer([])
        offline.stop()
        let replayed = try await Self.run(suite, agent: Self.agent(offline, cassette: replayer), cassette: replayer,
                                          judge: suite.config.judge)
        for id in recorded.keys.sorted() {
            let a = try #require(recorded[id]), b = try #require(replayed[id])
            #expect(ScenarioResultJSON.encode(a).jsonText() == ScenarioResultJSON.encode(b).jsonText(), "\(id)")
        }

        // Re-recording that got the same answers writes the same calls in the same order (only
        // the measured latencies differ).
        let before = try Self.keys(cassetteFile)
        let again = try FakeModelServer(Self.rules)
        defer { again.stop() }
        let rerecorder = try ModelCassette(mode: .record, url: cassetteFile)
        _ = try await Self.run(live.retargeted(again.baseURL), agent: Self.agent(again, cassette: rerecorder), cassette: rerecorder,
                               judge: live.retargeted(again.baseURL).config.judge)
        try rerecorder.save()
        #expect(try Self.keys(cassetteFile) == before)
    }

    static func keys(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { try JSONValue.parse(String($0))["key"]?.stringValue ?? "" }
    }

    @Test(.timeLimit(.minutes(2))) func aRequestMissingFromTheCassetteFailsNamingScenarioAndTurn() async throws {
        let root = try Fixtures.suite(Self.files("http://127.0.0.1:9/v1"))
        let cassetteFile = root.appendingPathComponent("cassette.jsonl")
        let server = try FakeModelServer(Self.rules)
        let live = try SuiteLoader(root: Fixtures.suite(Self.files(server.baseURL))).load()
        let recorder = try ModelCassette(mode: .record, url: cassetteFile)
        _ = try await Self.run(live, agent: Self.agent(server, cassette: recorder), cassette: recorder, judge: live.config.judge)
        try recorder.save()
        server.stop()

        // The goal changed since the recording: the customer's first request is not in the cassette.
        var files = Self.files("http://127.0.0.1:9/v1")
        files["scenarios/cancel.yaml"] = files["scenarios/cancel.yaml"]!.replacingOccurrences(of: "Cancel order", with: "Return order")
        let changed = try Fixtures.suite(files)
        let suite = try SuiteLoader(root: changed).load()
        let replayer = try ModelCassette(mode: .replay, url: cassetteFile)
        let results = try await Self.run(suite, agent: Self.agent(server, cassette: replayer), cassette: replayer, judge: suite.config.judge)
        let cancel = try #require(results["cancel"])
        #expect(cancel.status == .error)
        #expect(cancel.record.error?.contains("scenario cancel, turn 0: the customer's model request is not in the cassette") == true,
                "\(cancel.record.error ?? "")")
        #expect(results["opened"]?.status == .pass, "the unchanged scenarios still replay")
    }

    @Test func aGoalWithoutACustomerModelIsReportedAsNotPlayed() async throws {
        var files = Self.files("unused")
        files["supportsim.yml"] = "version: 1\n"
        let suite = try SuiteLoader(root: Fixtures.suite(files)).load()
        #expect(suite.warnings.filter { $0.message.hasPrefix("a goal needs a model to play the customer") }.count == 3)
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: [:], fallback: AgentReply(text: "Hello!")))
            .run(RunOptions())
        #expect(results.allSatisfy { $0.status == .error && $0.record.error?.hasPrefix("not played") == true })
    }

    @Test func aScenarioOverridesTheSuitesCustomerModelFieldByField() throws {
        var files = Self.files("http://127.0.0.1:1/v1")
        files["scenarios/cancel.yaml"]! += "\ncustomer_model: {model: bigger-customer, temperature: 0.7}\n"
        let suite = try SuiteLoader(root: Fixtures.suite(files)).load()
        let cancel = try #require(suite.scenarios.first { $0.id == "cancel" })
        #expect(cancel.customerModel == ModelEndpoint(baseURL: "http://127.0.0.1:1/v1", model: "bigger-customer",
                                                      apiKeyEnv: "CUSTOMER_KEY", temperature: Decimal(string: "0.7"), seed: 3))
        #expect(suite.scenarios.first { $0.id == "opened" }?.customerModel?.model == "fake-customer")
    }
}

extension Suite {
    /// The same suite with its models at another address (a restarted fake server).
    func retargeted(_ baseURL: String) -> Suite {
        var copy = self
        copy.config.customerModel?.baseURL = baseURL
        copy.config.judge?.baseURL = baseURL
        copy.scenarios = scenarios.map { s in
            var s = s
            s.customerModel?.baseURL = baseURL
            return s
        }
        return copy
    }
}
