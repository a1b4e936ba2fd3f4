import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The `openai` adapter against a fake OpenAI-compatible server started by the test, which
/// answers with scripted tool calls, usage, and a 429 before its first success.
@Suite(.serialized)
struct OpenAIAgentTests {
    static let fake = """
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        state = {"requests": 0, "log": []}
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                state["requests"] += 1
                state["log"].append({"auth": self.headers.get("Authorization"), "tools": len(body.get("tools", [])),
                                     "temperature": body.get("temperature"), "seed": body.get("seed"),
                                     "names": [t["function"]["name"] for t in body.get("tools", [])][:3]})
                if state["requests"] == 1:
                    self.send_response(429); self.end_headers(); return
                last = body["messages"][-1]
                if last["role"] == "user":
                    msg = {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function",
                           "function": {"name": "orders__track_shipment", "arguments": json.dumps({"order_id": "ORD-5001"})}}]}
                else:
                    result = json.loads(last["content"])
                    msg = {"role": "assistant", "content": "Tracking " + result.get("tracking", "?") + ", arriving " + str(result.get("eta"))}
                out = json.dumps({"choices": [{"message": msg}], "usage": {"prompt_tokens": 100, "completion_tokens": 20}}).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def do_GET(self):
                out = json.dumps(state).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def log_message(self, *a): pass
        s = ThreadingHTTPServer(("127.0.0.1", 0), H)
        print("listening on", s.server_address[1], flush=True)
        s.serve_forever()
        """

    @Test func toolRoundsUsageAndARetriedRateLimit() async throws {
        let file = Fixtures.temporaryFolder("openai").appendingPathComponent("fake.py")
        try Data(Self.fake.utf8).write(to: file)
        let (process, port) = try HTTPAgentTests.startPython(file)
        defer { kill(process.processIdentifier, SIGKILL) }
        let suite = try Fixtures.loadAcmeMini()
        var spec = OpenAIAgentSpec(baseURL: "http://127.0.0.1:\(port)/v1", model: "fake", apiKeyEnv: "FAKE_KEY")
        spec.temperature = 0
        spec.seed = 42
        let agent = OpenAIAgent(spec: spec, policies: suite.policies, timeoutMs: 5000, environment: ["FAKE_KEY": "sk-test-123"],
                                retryDelay: .milliseconds(10))
        try await agent.start()
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(filters: ["orders/*"]))
        await agent.stop()
        let r = try #require(results.first)
        #expect(r.status == .pass, "\(r.failureReasons)")
        #expect(r.record.audit.map(\.operation) == ["orders.track_shipment"])
        let reply = try #require(r.record.agentReplies.first?.reply)
        #expect(reply.usage == TokenUsage(inputTokens: 200, outputTokens: 40), "usage summed over the tool round")
        #expect(reply.text == "Tracking 1Z999AA10123456784, arriving 2026-11-25")

        let state = try JSONValue.parse(Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/")!))
        #expect(state["requests"]?.intValue == 3, "one 429, then two rounds")
        let first = try #require(state["log"]?.arrayValue?.last)
        #expect(first["auth"] == "Bearer sk-test-123")
        #expect(first["temperature"] == 0 && first["seed"] == 42, "the config's sampling settings are sent")
        #expect(first["tools"]?.intValue == OperationCatalogue.all.count)
        #expect(first["names"]?.arrayValue?.first == "crm__find_customer")
    }

    @Test func aMissingKeyIsAClearErrorAndTheKeyIsNeverPrinted() async {
        let agent = OpenAIAgent(spec: OpenAIAgentSpec(baseURL: "https://api.example.com/v1", model: "m", apiKeyEnv: "NO_SUCH_KEY_VAR"),
                                policies: [], timeoutMs: 1000, environment: [:])
        do {
            try await agent.start()
            Issue.record("start should fail")
        } catch {
            #expect("\(error)".contains("NO_SUCH_KEY_VAR"))
        }
        // A server on this machine (Ollama, llama.cpp) needs none.
        for local in ["http://127.0.0.1:11434/v1", "http://localhost:8080/v1", "http://[::1]:8000/v1"] {
            let agent = OpenAIAgent(spec: OpenAIAgentSpec(baseURL: local, model: "m", apiKeyEnv: "NO_SUCH_KEY_VAR"),
                                    policies: [], timeoutMs: 1000, environment: [:])
            await #expect(throws: Never.self, "\(local)") { try await agent.start() }
        }
    }

    @Test func functionNamesHaveNoDots() {
        #expect(OpenAIAgent.functionName("billing.refund") == "billing__refund")
        #expect(OpenAIAgent.operation("billing__refund") == "billing.refund")
    }
}
