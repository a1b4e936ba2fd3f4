import AsyncHTTPClient
import Foundation
import MCP
import NIOCore
import SupportSimCore
import SupportSimServer
import SupportSimTesting
import Testing

/// MCP clients we did not write see the same tools, results and audit entries as HTTP callers:
/// the swift-sdk's client in process, and the official Python SDK (PyPI `mcp`) over stdio and
/// over streamable HTTP against the built binary.
@Suite(.serialized)
struct MCPTests {
    static let trackArgs: JSONValue = ["order_id": "ORD-5001"]

    static func text(_ content: [Tool.Content]) -> String? {
        if case .text(let text, _, _)? = content.first { return text }
        return nil
    }

    @Test func theSwiftSDKClientListsAndCallsTools() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let directory = ConversationDirectory(mode: .serve, world: suite.world, latencyMs: suite.config.latencyMs, start: suite.config.clockStart)
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        _ = try await MCPBridge(directory: directory).serve(on: serverTransport)
        let client = Client(name: "supportsim-test", version: "1.0")
        _ = try await client.connect(transport: clientTransport)
        let tools = try await client.listTools().tools
        #expect(tools.map(\.name) == OperationCatalogue.names)
        let (content, isError) = try await client.callTool(name: "orders.track_shipment", arguments: ["order_id": "ORD-5001"])
        #expect(isError == false)
        let viaMCP = try JSONValue.parse(try #require(Self.text(content)))
        let viaHTTPPath = await directory.call("orders.track_shipment", ["order_id": "ORD-5001"], conversation: nil)
        #expect(viaMCP == viaHTTPPath.json)
        let audit = directory.audit(for: nil)
        #expect(audit.count == 2)
        #expect(audit.map { $0["operation"] } == ["orders.track_shipment", "orders.track_shipment"])
        #expect(audit[0]["result"] == audit[1]["result"])
        #expect(audit[0]["args"] == audit[1]["args"])
        let (_, failed) = try await client.callTool(name: "billing.teleport", arguments: [:])
        #expect(failed == true)
        await client.disconnect()
    }

    static let pythonClient = """
        import asyncio, json, sys
        from mcp import ClientSession, StdioServerParameters
        async def use(streams):
            async with ClientSession(*streams[:2]) as s:
                await s.initialize()
                tools = await s.list_tools()
                res = await s.call_tool("orders.track_shipment", {"order_id": "ORD-5001"})
                print(json.dumps({"tools": [t.name for t in tools.tools], "text": res.content[0].text, "error": res.is_error}))
        async def main():
            if sys.argv[1] == "stdio":
                from mcp.client.stdio import stdio_client
                async with stdio_client(StdioServerParameters(command=sys.argv[2], args=["serve", sys.argv[3], "--stdio"])) as streams:
                    await use(streams)
            else:
                from mcp.client.streamable_http import streamable_http_client
                async with streamable_http_client(sys.argv[2]) as streams:
                    await use(streams)
        asyncio.run(main())
        """

    static func python(_ args: [String]) throws -> JSONValue {
        let script = Fixtures.temporaryFolder("mcp").appendingPathComponent("client.py")
        try Data(pythonClient.utf8).write(to: script)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONValue.parse(data)
    }

    static let pythonSDKAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import mcp"]
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static func expectTrackResult(_ v: JSONValue) throws {
        #expect(v["tools"]?.arrayValue?.count == OperationCatalogue.all.count)
        #expect(v["error"] == false)
        let result = try JSONValue.parse(try #require(v["text"]?.stringValue))
        #expect(result["tracking"] == "1Z999AA10123456784")
    }

    struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }

    /// `serve` answers initialize itself (no SDK server until the session is used again); the
    /// answer is the one the SDK's server and transport give, byte for byte, for any id type and
    /// requested version (supported, older without a priming event, unknown).
    @Test func initializeIsAnsweredExactlyAsTheSDKWould() async throws {
        try await ServeLimitsTests.serve(ServeLimits(), ServeLimitsTests.Lines()) { port, _, _ in
            // (id, version in the body, version header): nil versions are left out.
            let cases: [(String, String?, String?)] = [("0", "2025-03-26", nil), ("\"a-b\"", "2025-11-25", nil), ("7", "2024-11-05", nil),
                                                        ("8", "1999-01-01", nil), ("9", nil, "2024-11-05"), ("10", nil, nil)]
            for (id, version, header) in cases {
                let params = (version.map { #""protocolVersion":"\#($0)","# } ?? "") + #""capabilities":{},"clientInfo":{"name":"t","version":"1"}"#
                let body = #"{"jsonrpc":"2.0","id":\#(id),"method":"initialize","params":{\#(params)}}"#
                let socket = try #require(RawSocket.connect(port: port, receiveTimeout: 5))
                defer { socket.close() }
                socket.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
                    + (header.map { "MCP-Protocol-Version: \($0)\r\n" } ?? "")
                    + "Accept: application/json, text/event-stream\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
                let ours = try #require(await offPool { socket.readResponse() })
                let session = try #require(ours.headers["mcp-session-id"])

                let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: session))
                let server = MCP.Server(name: "supportsim", version: "0.1.0", capabilities: .init(tools: .init(listChanged: false)))
                try await server.start(transport: transport)
                var headers = ["Host": "127.0.0.1:\(port)", "Content-Type": "application/json", "Accept": "application/json, text/event-stream"]
                if let header { headers["MCP-Protocol-Version"] = header }
                let sdk = await transport.handleRequest(MCP.HTTPRequest(method: "POST", headers: headers, body: Data(body.utf8), path: "/mcp"))
                guard case .stream(let stream, let sdkHeaders) = sdk else { Issue.record("the SDK did not stream: \(sdk)"); return }
                var sdkBody = Data()
                for try await chunk in stream { sdkBody.append(chunk) }
                await server.stop()

                #expect(ours.status == sdk.statusCode)
                #expect(!sdkBody.isEmpty)
                #expect(ours.body == String(decoding: sdkBody, as: UTF8.self), "id \(id), version \(version ?? "-"), header \(header ?? "-")")
                for (name, value) in sdkHeaders {
                    #expect(ours.headers[name.lowercased()] == value, "header \(name)")
                }
            }
        }
    }

    @Test(.enabled(if: pythonSDKAvailable || ExternalClients.requireAll, "needs the Python MCP SDK: pip install mcp (.ci/run installs it)"))
    func theOfficialPythonSDKOverStdio() throws {
        try #require(Self.pythonSDKAvailable, "the Python MCP SDK is missing: pip install mcp (.ci/run installs it)")
        try Self.expectTrackResult(try Self.python(["stdio", SupportSimBinary.url.path, Fixtures.acmeMini.path]))
    }

    @Test(.enabled(if: pythonSDKAvailable || ExternalClients.requireAll, "needs the Python MCP SDK: pip install mcp (.ci/run installs it)"))
    func theOfficialPythonSDKOverStreamableHTTPSeesWhatHTTPCallersSee() async throws {
        try #require(Self.pythonSDKAvailable, "the Python MCP SDK is missing: pip install mcp (.ci/run installs it)")
        let server = try ServeProcess.start(Fixtures.acmeMini)
        defer { server.stop() }
        let base = server.base
        try Self.expectTrackResult(try Self.python(["http", "\(base)/mcp"]))

        var request = HTTPClientRequest(url: "\(base)/tools/orders.track_shipment")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: Self.trackArgs.jsonText()))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let auditResponse = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(base)/audit"), timeout: .seconds(10))
        let audit = try JSONValue.parse(Data(try await auditResponse.body.collect(upTo: 1 << 20).readableBytesView))["audit"]?.arrayValue ?? []
        #expect(audit.count == 2, "one entry from the MCP call, one from the HTTP call, in the same default conversation")
        #expect(audit.first?["result"] == audit.last?["result"])
        #expect(audit.first?["args"] == audit.last?["args"])
    }
}
