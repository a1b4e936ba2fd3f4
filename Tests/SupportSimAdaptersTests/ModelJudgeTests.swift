import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// Judge checks graded by a model: a local fake chat-completions server that passes, fails,
/// answers malformed JSON twice, or first answers 429 with Retry-After. A judge check is never
/// silently passed: without a judge it is reported as not scored.
@Suite(.serialized, .enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil, "needs python3 for the fake judge server"))
struct ModelJudgeTests {
    static let fake = """
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        state = {"requests": 0, "limited": False, "bodies": []}
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                state["requests"] += 1
                state["bodies"].append({"temperature": body.get("temperature"), "seed": body.get("seed"), "n": len(body["messages"])})
                rubric = body["messages"][1]["content"]
                if "RETRY" in rubric and not state["limited"]:
                    state["limited"] = True
                    self.send_response(429); self.send_header("Retry-After", "1"); self.send_header("Content-Length", "0"); self.end_headers(); return
                if "MALFORMED" in rubric:
                    content = "Looks fine to me!"
                elif "FAIL" in rubric:
                    content = json.dumps({"verdict": "fail", "score": 0.2, "reason": "The agent never apologised."})
                else:
                    content = "```json\\n" + json.dumps({"verdict": "pass", "score": 0.9, "reason": "The agent greeted the customer."}) + "\\n```"
                out = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}],
                                  "usage": {"prompt_tokens": 50, "completion_tokens": 10}}).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def do_GET(self):
                out = json.dumps(state).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def log_message(self, *a): pass
        s = ThreadingHTTPServer(("127.0.0.1", 0), H)
        print("listening on", s.server_address[1], flush=True)
        s.serve_forever()
        """

    static let files: [String: String] = [
        "supportsim.yml": "version: 1\nname: Judged\n",
        "scenarios/world/customers.yaml": "customers:\n  - {id: C-1, name: Ann Lee}\n",
        "scenarios/passes.yaml": "turns: [{customer: Hi, expect: {judge: The agent greets the customer}}]\n",
        "scenarios/fails.yaml": "turns: [{customer: Hi}]\nexpect: {judge: {rubric: FAIL unless the agent apologises, pass_if: 0.5}}\n",
        "scenarios/malformed.yaml": "turns: [{customer: Hi, expect: {judge: MALFORMED answers}}]\n",
        "scenarios/retried.yaml": "turns: [{customer: Hi, expect: {judge: RETRY then pass}}]\n",
    ]

    static func run(judge: (any ConversationJudge)?) async throws -> [String: ScenarioResult] {
        let suite = try SuiteLoader(root: Fixtures.suite(Self.files)).load()
        let results = await SuiteRunner(suite: suite, agent: ScriptedAgent(scripts: [:], fallback: AgentReply(text: "Hello!")),
                                        judge: judge).run(RunOptions())
        return Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0) })
    }

    static func judgeCheck(_ r: ScenarioResult?) -> Check? { r?.checks.first { $0.kind == "judge" } }

    // The judge's own back-off is an hour: the test ends only because Retry-After (1 s) is
    // honoured. (The time limit only stops a broken build from hanging the suite.)
    @Test(.timeLimit(.minutes(2))) func theJudgePassesFailsAndReportsMalformedAnswersAsErrors() async throws {
        let file = Fixtures.temporaryFolder("judge").appendingPathComponent("fake.py")
        try Data(Self.fake.utf8).write(to: file)
        let (process, port) = try HTTPAgentTests.startPython(file)
        defer { kill(process.processIdentifier, SIGKILL) }
        let judge = ModelJudge(spec: ModelEndpoint(baseURL: "http://127.0.0.1:\(port)/v1", model: "fake", apiKeyEnv: "JUDGE_KEY", seed: 7),
                               environment: [:], retryDelay: .seconds(3600))
        let results = try await Self.run(judge: judge)

        #expect(results["passes"]?.status == .pass)
        #expect(Self.judgeCheck(results["passes"])?.note == "The agent greeted the customer.")
        #expect(results["fails"]?.status == .fail)
        #expect(Self.judgeCheck(results["fails"])?.actual["score"] == .number(Decimal(string: "0.2")!))
        #expect(results["malformed"]?.status == .fail)
        #expect(Self.judgeCheck(results["malformed"])?.note?.hasPrefix("judge error: the judge answered twice without the required JSON") == true)
        #expect(results["retried"]?.status == .pass, "a 429 with Retry-After is waited out and retried")
        #expect(results["passes"]?.record.judgements.first?.usage == TokenUsage(inputTokens: 50, outputTokens: 10))
        let cost = MetricsCalculator(config: SuiteConfig()).metrics(Array(results.values)).json["cost_per_resolution"]
        // passes, fails and retried one answer each, malformed two: 5 answers of 50 + 10 tokens.
        #expect(cost?["judge_input_tokens"] == 250 && cost?["judge_output_tokens"] == 50, "what grading cost is reported")

        let state = try JSONValue.parse(Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/")!))
        // passes, fails, retried (429 then 200): one each but two for the 429; malformed: asked twice.
        #expect(state["requests"] == 6)
        let bodies = state["bodies"]?.arrayValue ?? []
        #expect(bodies.allSatisfy { $0["temperature"] == 0 && $0["seed"] == 7 })
        #expect(bodies.contains { $0["n"] == 4 }, "the malformed answer is sent back with a request to correct it")
    }

    @Test func withoutAJudgeAJudgeCheckIsNotScoredAndNeverPasses() async throws {
        let results = try await Self.run(judge: nil)
        for id in ["passes", "fails", "malformed", "retried"] {
            #expect(results[id]?.status == .fail, "\(id)")
            #expect(Self.judgeCheck(results[id])?.actual.stringValue?.hasPrefix("not scored") == true)
        }
        #expect(results["passes"]?.failureReasons.contains { $0.contains("judge") && $0.contains("not scored") } == true)
    }

    @Test func validateSaysJudgeChecksCannotRunWithoutAJudge() throws {
        let suite = try SuiteLoader(root: Fixtures.suite(Self.files)).load()
        #expect(suite.warnings.count == 4)
        #expect(suite.warnings.allSatisfy { $0.message.hasPrefix("judge checks cannot run: no judge model is configured") })
        var configured = Self.files
        configured["supportsim.yml"] = "version: 1\njudge: {base_url: \"http://127.0.0.1:9/v1\", model: m}\n"
        #expect(try SuiteLoader(root: Fixtures.suite(configured)).load().warnings.isEmpty)
    }
}
