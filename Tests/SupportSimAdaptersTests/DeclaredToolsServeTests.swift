import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// A suite's declared tools are what outside clients see: `serve` lists and runs them over MCP
/// (the official Python SDK), and the openai adapter offers exactly them, with their schemas, to
/// a chat-completions server (a local fake).
@Suite(.serialized)
struct DeclaredToolsServeTests {
    static let declared = ["refund_charge", "get_payment", "list_payments", "void_payment", "partial_refund", "open_case", "fx_rate"]

    static let mcpClient = """
        import asyncio, json, sys
        from mcp import ClientSession
        from mcp.client.streamable_http import streamable_http_client
        async def main():
            async with streamable_http_client(sys.argv[1]) as streams:
                async with ClientSession(*streams[:2]) as s:
                    await s.initialize()
                    tools = await s.list_tools()
                    voided = await s.call_tool("void_payment", {"payment_id": "PAY-2"})
                    refused = await s.call_tool("void_payment", {"payment_id": "PAY-1"})
                    schema = next(t.input_schema if hasattr(t, "input_schema") else t.inputSchema for t in tools.tools if t.name == "open_case")
                    print(json.dumps({"tools": [t.name for t in tools.tools], "schema": schema,
                                      "voided": voided.content[0].text, "refused": refused.content[0].text,
                                      "refused_error": refused.is_error}))
        asyncio.run(main())
        """

    @Test(.enabled(if: MCPTests.pythonSDKAvailable || ExternalClients.requireAll, "needs the Python MCP SDK: pip install mcp (.ci/run installs it)"))
    func thePythonMCPSDKListsAndCallsTheDeclaredTools() throws {
        try #require(MCPTests.pythonSDKAvailable, "the Python MCP SDK is missing: pip install mcp (.ci/run installs it)")
        let server = try ServeProcess.start(Fixtures.suite(DeclaredToolsFixture.files))
        defer { server.stop() }
        let script = Fixtures.temporaryFolder("mcp-declared").appendingPathComponent("client.py")
        try Data(Self.mcpClient.utf8).write(to: script)
        let r = try ExternalClients.runPython([script.path, "\(server.base)/mcp"])
        #expect(r.status == 0, "\(r.error.suffix(1500))")
        let out = try JSONValue.parse(r.output)
        #expect(out["tools"]?.arrayValue?.compactMap(\.stringValue) == Self.declared)
        #expect(out["schema"]?["required"] == ["account_id", "subject"])
        #expect(try JSONValue.parse(try #require(out["voided"]?.stringValue))["status"] == "voided")
        #expect(out["refused_error"] == true)
        #expect(out["refused"]?.stringValue?.contains("Payment PAY-1 is settled and cannot be voided") == true)
    }

    static let fakeModel = """
        import json, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        state = {"tools": None}
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                state["tools"] = body.get("tools")
                last = body["messages"][-1]
                if last["role"] == "user":
                    msg = {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function",
                           "function": {"name": "void_payment", "arguments": json.dumps({"payment_id": "PAY-2"})}}]}
                else:
                    msg = {"role": "assistant", "content": "Payment PAY-2 is " + json.loads(last["content"])["status"] + "."}
                out = json.dumps({"choices": [{"message": msg}], "usage": {"prompt_tokens": 10, "completion_tokens": 5}}).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def do_GET(self):
                out = json.dumps(state).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
            def log_message(self, *a): pass
        s = ThreadingHTTPServer(("127.0.0.1", 0), H)
        print("listening on", s.server_address[1], flush=True)
        s.serve_forever()
        """

    @Test(.enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil, "needs python3 for the fake chat-completions server"))
    func theOpenAIAdapterOffersExactlyTheDeclaredTools() throws {
        let file = Fixtures.temporaryFolder("openai-declared").appendingPathComponent("fake.py")
        try Data(Self.fakeModel.utf8).write(to: file)
        let (process, port) = try HTTPAgentTests.startPython(file)
        defer { kill(process.processIdentifier, SIGKILL) }
        var files = DeclaredToolsFixture.files
        files["supportsim.yml"] = (files["supportsim.yml"] ?? "")
            + "agent: {openai: {base_url: \"http://127.0.0.1:\(port)/v1\", model: fake, api_key_env: FAKE_KEY}}\n"
        let out = Fixtures.temporaryFolder("openai-declared-run")
        let r = try SupportSimBinary.run(["run", Fixtures.suite(files).path, "--out", out.path, "--no-history", "-q"],
                                         environment: ["FAKE_KEY": "sk-test"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let state = try JSONValue.parse(Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/")!))
        let offered = try #require(state["tools"]?.arrayValue)
        #expect(offered.compactMap { $0["function"]?["name"]?.stringValue } == Self.declared)
        let openCase = try #require(offered.first { $0["function"]?["name"] == "open_case" })
        #expect(openCase["function"]?["parameters"]?["properties"]?["priority"]?["enum"] == ["low", "normal", "high", "urgent"])
    }
}
