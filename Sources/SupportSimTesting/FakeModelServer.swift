import Foundation
import SupportSimCore

/// A local fake OpenAI-compatible chat-completions server (Python standard library, 127.0.0.1)
/// that answers from a script, so tests exercise the openai agent, the model-driven customer and
/// the judge without ever calling a model. Each rule names who is asking (`agent`: the request
/// offers tools; `customer`: its system prompt plays a customer or user; `judge`: it grades), an
/// optional text the last message must contain, and the answer: `reply` text, or an HTTP
/// `status` (with `retry_after`). A rule with `once` is used a single time. `GET /` returns the
/// requests it was sent.
public final class FakeModelServer: @unchecked Sendable {
    public struct Rule: Sendable {
        public var role: String
        public var when: String?
        public var reply: String?
        public var status: Int?
        public var retryAfter: Int?
        public var once: Bool
        public init(_ role: String, when: String? = nil, reply: String? = nil, status: Int? = nil, retryAfter: Int? = nil,
                    once: Bool = false) {
            self.role = role
            self.when = when
            self.reply = reply
            self.status = status
            self.retryAfter = retryAfter
            self.once = once
        }
        var json: JSONValue {
            var o: [String: JSONValue] = ["role": .string(role), "once": .bool(once)]
            if let when { o["when"] = .string(when) }
            if let reply { o["reply"] = .string(reply) }
            if let status { o["status"] = .number(Decimal(status)) }
            if let retryAfter { o["retry_after"] = .number(Decimal(retryAfter)) }
            return .object(o)
        }
    }

    static let script = """
        import json, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        rules = json.load(open(sys.argv[1]))
        used = set()
        log = []
        def role_of(body):
            if "tools" in body: return "agent"
            system = body["messages"][0].get("content") or ""
            if system.startswith("You grade"): return "judge"
            return "customer"
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                role = role_of(body)
                last = body["messages"][-1].get("content") or ""
                log.append({"role": role, "last": last, "n": len(body["messages"]), "system": body["messages"][0].get("content"),
                            "temperature": body.get("temperature"), "seed": body.get("seed"),
                            "authorization": self.headers.get("Authorization")})
                for i, r in enumerate(rules):
                    if r["role"] != role or (r.get("when") and r["when"] not in last) or (r["once"] and i in used):
                        continue
                    if r["once"]: used.add(i)
                    if "status" in r:
                        self.send_response(r["status"])
                        if "retry_after" in r: self.send_header("Retry-After", str(r["retry_after"]))
                        self.send_header("Content-Length", "0"); self.end_headers(); return
                    out = json.dumps({"choices": [{"message": {"role": "assistant", "content": r["reply"]}}],
                                      "usage": {"prompt_tokens": 40, "completion_tokens": 8}}).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers()
                    self.wfile.write(out); return
                out = json.dumps({"error": "no rule for " + role + ": " + last}).encode()
                self.send_response(400); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def do_GET(self):
                out = json.dumps(log).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def log_message(self, *a): pass
        s = ThreadingHTTPServer(("127.0.0.1", 0), H)
        print("listening on", s.server_address[1], flush=True)
        s.serve_forever()
        """

    public let port: Int
    let process: Process

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    public init(_ rules: [Rule]) throws {
        guard let python3 = ExternalClients.python3 else { throw AgentFailure("the fake model server needs python3") }
        let folder = Fixtures.temporaryFolder("fake-model")
        let scriptFile = folder.appendingPathComponent("fake_model.py")
        let rulesFile = folder.appendingPathComponent("rules.json")
        try Data(Self.script.utf8).write(to: scriptFile)
        try Data(JSONValue.array(rules.map(\.json)).jsonText().utf8).write(to: rulesFile)
        let p = Process()
        p.executableURL = python3
        p.arguments = [scriptFile.path, rulesFile.path]
        let out = Pipe()
        p.standardOutput = out
        // Its own stderr, never the test's: a child holding it open makes `swift test` wait.
        p.standardError = FileHandle.nullDevice
        try p.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            p.terminate()
            throw AgentFailure("the fake model server did not print its port: \(text)")
        }
        self.port = port
        self.process = p
    }

    /// The requests it was sent: role, the last message, the system prompt, message count, sampling settings.
    public func requests() throws -> [JSONValue] {
        try JSONValue.parse(Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/")!)).arrayValue ?? []
    }

    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
