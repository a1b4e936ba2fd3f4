import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `supportsim run --record` and `--replay` as CI uses them: a suite whose agent, customer and
/// judge are models (a local fake chat-completions server) is recorded once, then replays with
/// the server stopped to the same results.json; an agent that cannot be reached exits 3.
@Suite(.serialized, .enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil, "needs python3 for the fake model server"))
struct ModelCallCommandTests {
    static let rules: [FakeModelServer.Rule] = [
        .init("customer", when: "How can I help you today?", reply: "I need to cancel an order."),
        .init("customer", when: "order number", reply: "It's A-1001."),
        .init("customer", when: "is cancelled", reply: "###STOP###"),
        .init("agent", when: "cancel an order", reply: "Sure, what is the order number?"),
        .init("agent", when: "A-1001", reply: "Order A-1001 is cancelled."),
        .init("judge", reply: #"{"verdict": "pass", "score": 0.9, "reason": "The cancellation was confirmed."}"#),
    ]

    static func suite(_ baseURL: String, turnMs: Int = 10_000) throws -> URL {
        try Fixtures.suite([
            "supportsim.yml": """
                version: 1
                name: Model-driven
                agent: {openai: {base_url: "\(baseURL)", model: fake-agent, api_key_env: FAKE_AGENT_KEY, seed: 1}}
                customer_model: {base_url: "\(baseURL)", model: fake-customer}
                judge: {base_url: "\(baseURL)", model: fake-judge}
                timeouts: {turn_ms: \(turnMs)}
                costs: {per_1k_input_tokens: 0.5, per_1k_output_tokens: 1.5}
                """,
            "scenarios/world/customers.yaml": "customers:\n  - {id: C-1, name: Ann Lee}\n",
            "scenarios/cancel.yaml": """
                goal: Cancel order A-1001.
                knows: {order_id: A-1001}
                expect: {resolution: resolved, judge: The agent confirms the cancellation}
                """,
        ])
    }

    @Test(.timeLimit(.minutes(2))) func aRecordedSuiteReplaysWithTheServerStoppedToTheSameResults() throws {
        let server = try FakeModelServer(Self.rules)
        let suite = try Self.suite(server.baseURL, turnMs: 3000)
        let recordedOut = Fixtures.temporaryFolder("record-out")
        let env = ["FAKE_AGENT_KEY": "sk-test"]
        let recorded = try SupportSimBinary.run(["run", suite.path, "--record", "--out", recordedOut.path, "--no-history", "-q"],
                                                environment: env)
        server.stop()
        #expect(recorded.status == 0, "\(recorded.stdout)\(recorded.stderr)")
        let cassette = suite.appendingPathComponent("cassette.jsonl")
        #expect(FileManager.default.fileExists(atPath: cassette.path))

        // CI is set by the test harness: with a cassette present, replay is the default, and it
        // needs no key because it calls no model.
        let replayedOut = Fixtures.temporaryFolder("replay-out")
        let replayed = try SupportSimBinary.run(["run", suite.path, "--out", replayedOut.path, "--no-history", "-q"])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        let a = try UnchangedResultsTests.normalizedDigest(recordedOut.appendingPathComponent("latest/results.json"))
        let b = try UnchangedResultsTests.normalizedDigest(replayedOut.appendingPathComponent("latest/results.json"))
        #expect(a == b, "a replayed run gives the recorded run's results.json")

        let results = try JSONValue.parse(Data(contentsOf: replayedOut.appendingPathComponent("latest/results.json")))
        let cost = results["metrics"]?["cost_per_resolution"]
        #expect(cost?["customer_input_tokens"] == 120 && cost?["judge_input_tokens"] == 40, "\(cost?.jsonText() ?? "")")
        let judged = results["scenarios"]?.arrayValue?.first?["checks"]?.arrayValue?.first { $0["kind"] == "judge" }
        #expect(judged?["note"] == "The cancellation was confirmed.", "the judge's reason is in results.json")

        // --live calls the (stopped) server: the customer model, which speaks first, cannot be
        // reached, and the run exits 3.
        let live = try SupportSimBinary.run(["run", suite.path, "--live", "--out", Fixtures.temporaryFolder("live").path,
                                             "--no-history", "-q"], environment: env)
        #expect(live.status == 3, "\(live.stdout)\(live.stderr)")
        #expect(live.stderr.contains("the customer model could not be reached"), "\(live.stderr)")
    }

    @Test(.timeLimit(.minutes(2))) func aChangedScenarioMissesTheCassetteNamingScenarioAndTurn() throws {
        let server = try FakeModelServer(Self.rules)
        let suite = try Self.suite(server.baseURL)
        let recorded = try SupportSimBinary.run(["run", suite.path, "--record", "--out", Fixtures.temporaryFolder("o").path,
                                                 "--no-history", "-q"], environment: ["FAKE_AGENT_KEY": "sk-test"])
        server.stop()
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let file = suite.appendingPathComponent("scenarios/cancel.yaml")
        try Data(try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "Cancel order", with: "Return order").utf8)
            .write(to: file)
        let out = Fixtures.temporaryFolder("miss-out")
        let replayed = try SupportSimBinary.run(["run", suite.path, "--replay", "--out", out.path, "--no-history", "-q"])
        #expect(replayed.status == 1)
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let error = results["scenarios"]?.arrayValue?.first?["error"]?.stringValue ?? ""
        #expect(error.contains("scenario cancel, turn 0: the customer's model request is not in the cassette cassette.jsonl"), "\(error)")
        #expect(error.contains("--record"))
    }

    /// The example's cassette is its recording: in CI it replays with no model server, passes,
    /// and its report says what each model cost. A change to what SupportSim sends a model makes
    /// this fail until the example is re-recorded (examples/model-driven/fake_model.py).
    @Test func theModelDrivenExampleReplaysOfflineAndPasses() throws {
        let suite = Fixtures.copy(Fixtures.repositoryRoot.appendingPathComponent("examples/model-driven"))
        let out = Fixtures.temporaryFolder("example-replay")
        let r = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("### Model usage") && report.contains("| customer model |") && report.contains("| judge |"))
        let html = try String(contentsOf: out.appendingPathComponent("latest/report.html"), encoding: .utf8)
        #expect(html.contains("id=\"model-usage-table\""))
    }

    @Test func replayWithoutACassetteIsAnInputError() throws {
        let suite = try Self.suite("http://127.0.0.1:9/v1")
        let r = try SupportSimBinary.run(["run", suite.path, "--replay", "--out", Fixtures.temporaryFolder("x").path, "--no-history"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no cassette at") && r.stderr.contains("--record"), "\(r.stderr)")
        let both = try SupportSimBinary.run(["run", suite.path, "--replay", "--record"])
        #expect(both.status == 2)
    }

    @Test(.timeLimit(.minutes(2))) func anAgentThatCannotBeReachedAtAllExitsThree() throws {
        // Port 9 (discard) has no listener here: every call is refused, retried within the
        // turn's budget, then given up.
        let suite = try Self.suite("http://127.0.0.1:9/v1", turnMs: 1500)
        try Data("turns: [{customer: I need to cancel an order.}]\n".utf8).write(to: suite.appendingPathComponent("scenarios/cancel.yaml"))
        let r = try SupportSimBinary.run(["run", suite.path, "--live", "--out", Fixtures.temporaryFolder("u").path, "--no-history", "-q"],
                                         environment: ["FAKE_AGENT_KEY": "sk-test"])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        // Refused at once, or (on a loaded machine) retried until the turn's time ran out: either
        // way no call reached it.
        #expect(r.stderr.contains("the agent could not be reached: the model endpoint http://127.0.0.1:9/v1 "), "\(r.stderr)")
    }
}
