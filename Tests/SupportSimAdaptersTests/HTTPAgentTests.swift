import Foundation
import SupportSimAdapters
import SupportSimCore
import SupportSimServer
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// The `http` adapter end to end with Python agents started by the tests.
@Suite(.serialized)
struct HTTPAgentTests {
    /// Starts a Python HTTP server script with `--port 0` style startup; returns its URL.
    static func startPython(_ script: URL) throws -> (Process, Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path, "--port", "0"]
        let out = Pipe()
        p.standardOutput = out
        // Its own stderr, never ours: a child holding the test's stderr open makes `swift test` wait.
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: ServeProcess.firstLine(of: out.fileHandleForReading), as: UTF8.self)
        guard let port = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            p.terminate()
            throw AgentFailure("the agent did not print its port: \(text)")
        }
        return (p, port)
    }

    static func run(_ agent: HTTPAgent, suite: Suite) async throws -> [ScenarioResult] {
        try await agent.start()
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(jobs: 2))
        await agent.stop()
        return results
    }

    @Test func theExamplePythonAgentSolvesPartOfAcmeMini() async throws {
        let (process, port) = try Self.startPython(Fixtures.repositoryRoot.appendingPathComponent("examples/agents/http_agent.py"))
        defer { kill(process.processIdentifier, SIGKILL) }
        let suite = try Fixtures.loadAcmeMini()
        let results = try await Self.run(HTTPAgent(url: "http://127.0.0.1:\(port)/turn", timeoutMs: 5000, tools: LoopbackToolEndpoint()), suite: suite)
        #expect(Set(results.filter { $0.status == .pass }.map(\.id)) == ["orders/where-is-my-order", "escalation/legal-threat"])
        let order = try #require(results.first { $0.id == "orders/where-is-my-order" })
        #expect(order.record.audit.map(\.operation) == ["orders.track_shipment"], "the agent's calls are attributed by header")
    }

    /// (scenario the fake agent misbehaves on, what the conversation's error must say)
    static let faults: [(String, String)] = [
        ("billing/double-charge", "answered HTTP 500"),
        ("billing/large-refund", "not a JSON object"),
        ("escalation/legal-threat", "did not"),
    ]

    @Test(arguments: faults)
    func anAgentFaultEndsOnlyItsConversation(_ scenario: String, _ reason: String) async throws {
        let script = """
            import json, sys, time
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            class H(BaseHTTPRequestHandler):
                def do_POST(self):
                    t = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    s = t.get("scenario", "")
                    if s == "billing/double-charge": self.send_response(500); self.end_headers(); self.wfile.write(b"boom"); return
                    if s == "billing/large-refund": body = b"not json"
                    elif s == "escalation/legal-threat": time.sleep(3); body = b"{}"
                    else: body = json.dumps({"type": "reply", "text": "ok"}).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *a): pass
            s = ThreadingHTTPServer(("127.0.0.1", 0), H)
            print("listening on", s.server_address[1], flush=True)
            s.serve_forever()
            """
        let file = Fixtures.temporaryFolder("http").appendingPathComponent("agent.py")
        try Data(script.utf8).write(to: file)
        let (process, port) = try Self.startPython(file)
        defer { kill(process.processIdentifier, SIGKILL) }
        var suite = try Fixtures.loadAcmeMini()
        suite.config.turnTimeoutMs = 1000
        let results = try await Self.run(HTTPAgent(url: "http://127.0.0.1:\(port)/", timeoutMs: 1000, tools: LoopbackToolEndpoint()), suite: suite)
        let errors = Dictionary(uniqueKeysWithValues: results.filter { $0.status == .error }.map { ($0.id, $0.record.error ?? "") })
        #expect(errors[scenario]?.contains(reason) == true, "\(errors[scenario] ?? "no error")")
        #expect(errors.count == 3, "every other fault ends only its own conversation")
        #expect(results.first { $0.id == "orders/where-is-my-order" }?.status != .error, "the well-behaved conversation completes")
    }
}
