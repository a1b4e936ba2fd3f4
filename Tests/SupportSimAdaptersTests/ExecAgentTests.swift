import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The `exec` adapter end to end, with real child processes.
@Suite(.serialized)
struct ExecAgentTests {
    let suite: Suite
    /// Generous: a Python agent's first turn on a loaded two-core CI machine took over 3 s.
    static let turnMs = 10_000

    init() throws {
        var s = try Fixtures.loadAcmeMini()
        s.config.turnTimeoutMs = Self.turnMs
        suite = s
    }

    static let python = "/usr/bin/env"

    /// A throwaway Python agent: `body` handles one turn dict `t` and may use send() and read().
    func agent(_ body: String) throws -> ExecAgent {
        let script = """
            import json, sys
            def send(m):
                sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
            def read():
                line = sys.stdin.readline()
                if not line: sys.exit(0)
                return json.loads(line)
            while True:
                t = read()
                if t["type"] != "turn": continue
            \(body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """
        let file = Fixtures.temporaryFolder("agent").appendingPathComponent("agent.py")
        try Data(script.utf8).write(to: file)
        return ExecAgent(command: ["python3", file.path])
    }

    func run(_ agent: ExecAgent, filters: [String] = [], jobs: Int = 4) async throws -> [ScenarioResult] {
        try await agent.start()
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(filters: filters, jobs: jobs))
        await agent.stop()
        return results
    }

    func errors(_ results: [ScenarioResult]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: results.filter { $0.status == .error }.map { ($0.id, $0.record.error ?? "") })
    }

    @Test func theExamplePythonAgentSolvesPartOfAcmeMini() async throws {
        let script = Fixtures.repositoryRoot.appendingPathComponent("examples/agents/exec_agent.py")
        let results = try await run(ExecAgent(command: ["python3", script.path]))
        let passed = Set(results.filter { $0.status == .pass }.map(\.id))
        #expect(passed == ["orders/where-is-my-order", "escalation/legal-threat"], "errors: \(errors(results))")
        let order = try #require(results.first { $0.id == "orders/where-is-my-order" })
        #expect(order.record.audit.map(\.operation) == ["orders.track_shipment"], "tool calls go through the pipe")
        #expect(results.allSatisfy { $0.status != .error }, "\(errors(results))")
    }

    @Test func toolCallsOnThePipeReachTheConversationsBackend() async throws {
        let a = try agent("""
            send({"type": "tool_call", "conversation": t["conversation"], "id": "1", "name": "crm.get_customer", "args": {"customer_id": t.get("customer_id") or "none"}})
            r = read()
            name = (r.get("result") or {}).get("name", r.get("error", {}).get("code"))
            send({"type": "reply", "conversation": t["conversation"], "text": "Hello " + str(name)})
            """)
        let results = try await run(a, filters: ["orders/*"])
        #expect(results.first?.record.agentReplies.first?.text == "Hello Dana Whitfield")
    }

    @Test func aChildThatExitsMidTurnEndsOnlyItsConversationAndIsRestarted() async throws {
        let a = try agent("""
            if t["scenario"] == "orders/where-is-my-order": sys.exit(3)
            send({"type": "reply", "conversation": t["conversation"], "text": "ok"})
            """)
        let results = try await run(a, jobs: 1)
        #expect(errors(results) == ["orders/where-is-my-order": "turn 0: the agent process exited (status 3)"])
        #expect(results.count == 4)
    }

    @Test func aLineThatIsNotJSONIsLoggedAndSkipped() async throws {
        let a = try agent("""
            if t["scenario"] == "billing/large-refund": print("Traceback: something broke", flush=True)
            send({"type": "reply", "conversation": t["conversation"], "text": "ok"})
            """)
        let results = try await run(a, jobs: 1)
        #expect(errors(results) == [:])
        #expect(a.log.contains("[supportsim] stdout line that is not a protocol message, skipped: Traceback: something broke"))
    }

    @Test func aReplyToAnUnknownConversationIsDiscardedAndLogged() async throws {
        let a = try agent("""
            if t["scenario"] == "escalation/legal-threat": send({"type": "reply", "conversation": "nobody#9", "text": "lost"})
            send({"type": "reply", "conversation": t["conversation"], "text": "ok"})
            """)
        let results = try await run(a, jobs: 1)
        #expect(errors(results) == [:])
        #expect(results.allSatisfy { $0.record.agentReplies.allSatisfy { $0.text == "ok" } })
        #expect(a.log.contains("[supportsim] discarded a reply for conversation \"nobody#9\""))
    }

    @Test func anAgentThatNeverAnswersTimesOutAndTheOthersComplete() async throws {
        let a = try agent("""
            if t["scenario"] == "orders/where-is-my-order": continue
            send({"type": "reply", "conversation": t["conversation"], "text": "ok"})
            """)
        let results = try await run(a, jobs: 2)
        #expect(errors(results) == ["orders/where-is-my-order": "turn 0: the agent did not reply within \(Self.turnMs) ms"])
        #expect(results.filter { $0.status != .error }.count == 3)
    }

    @Test func aReplyWithoutTextIsAnError() async throws {
        let a = try agent("""
            send({"type": "reply", "conversation": t["conversation"], "txt": "typo"})
            """)
        let results = try await run(a, filters: ["orders/*"])
        #expect(errors(results)["orders/where-is-my-order"]?.contains("has no \"text\" string") == true)
    }

    @Test func stderrIsKeptForTheRunLog() async throws {
        let a = try agent("""
            sys.stderr.write("debug: got " + t["scenario"] + "\\n"); sys.stderr.flush()
            send({"type": "reply", "conversation": t["conversation"], "text": "ok"})
            """)
        _ = try await run(a, filters: ["orders/*"])
        try await Task.sleep(for: .milliseconds(100))
        #expect(a.log.contains("debug: got orders/where-is-my-order"))
    }

    @Test func aMissingExecutableCannotStart() async {
        await #expect(throws: AgentFailure.self) { try await ExecAgent(command: ["/no/such/agent"]).start() }
    }
}
