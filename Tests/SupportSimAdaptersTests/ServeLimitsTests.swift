import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SupportSimCore
import SupportSimServer
import SupportSimTesting
import Testing

/// Timeouts and caps, with small limits so each is hit in well under a second.
@Suite(.serialized)
struct ServeLimitsTests {
    /// Collects the limit log lines.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var log: LimitLog { LimitLog { line in self.lines.withLock { $0.append(line) } } }
        func contains(_ text: String) -> Bool { lines.withLock { $0.contains { $0.contains(text) } } }
    }

    static func withServer(_ limits: ServeLimits, _ lines: Lines,
                           _ body: @Sendable (Int, ConversationDirectory, BackendServer) async throws -> Void) async throws {
        // These tests time short limits; the load test would starve them.
        try await LoadGate.timing { try await serve(limits, lines, body) }
    }

    static func serve(_ limits: ServeLimits, _ lines: Lines,
                      _ body: @Sendable (Int, ConversationDirectory, BackendServer) async throws -> Void) async throws {
        let suite = try Fixtures.loadAcmeMini()
        let directory = ConversationDirectory(mode: .serve, world: suite.world, latencyMs: suite.config.latencyMs,
                                              start: suite.config.clockStart, limits: limits, log: lines.log)
        let server = BackendServer(directory: directory, options: .init(port: 0, limits: limits, log: lines.log))
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var it = ready.makeAsyncIterator()
        let port = try #require(await it.next())
        defer { task.cancel() }
        try await body(port, directory, server)
    }

    static var quick: ServeLimits {
        var l = ServeLimits()
        l.headerTimeout = .seconds(1)
        l.idleTimeout = .seconds(2)
        return l
    }

    /// How long a socket waits for the server before the test calls a connection left open.
    static let patience = 30.0

    @Test func halfSentHeadsAndIdleConnectionsAreClosed() async throws {
        let lines = Lines()
        try await Self.withServer(Self.quick, lines) { port, _, _ in
            // The limits are a second or two; the sockets wait far longer before calling a
            // connection open, since a loaded CI machine (a 10,000-conversation report being
            // written beside this test) has been seen to take more than five seconds.
            let silent = try #require(RawSocket.connect(port: port, receiveTimeout: Self.patience))
            let halfSent = try #require(RawSocket.connect(port: port, receiveTimeout: Self.patience))
            defer { silent.close(); halfSent.close() }
            halfSent.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Slow: ")
            #expect(await offPool { silent.peerClosed() }, "a connection that sends nothing is closed by the header timeout")
            #expect(await offPool { halfSent.peerClosed() }, "a half-sent head is closed by the header timeout")
            #expect(lines.contains("header timeout"))

            let kept = try #require(RawSocket.connect(port: port, receiveTimeout: Self.patience))
            defer { kept.close() }
            kept.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            #expect((await offPool { kept.readResponse() })?.status == 200)
            #expect(await offPool { kept.peerClosed() }, "a keep-alive connection left idle is closed by the idle timeout")
            #expect(lines.contains("idle timeout"))
        }
    }

    @Test func pastTheConnectionCapTheLongestIdleConnectionIsClosed() async throws {
        var limits = ServeLimits()
        limits.maxConnections = 3
        let lines = Lines()
        try await Self.withServer(limits, lines) { port, _, _ in
            var idle: [RawSocket] = []
            // Far enough apart that the server accepts them in this order even on a loaded machine.
            for _ in 0..<3 {
                idle.append(try #require(RawSocket.connect(port: port, receiveTimeout: 5)))
                try await Task.sleep(for: .milliseconds(300))
            }
            defer { idle.forEach { $0.close() } }
            let client = try #require(RawSocket.connect(port: port, receiveTimeout: 5))
            defer { client.close() }
            client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
            #expect((await offPool { client.readResponse() })?.status == 200, "a new client is served at the cap")
            #expect(idle[0].peerClosed(), "the longest-idle connection made room")
            #expect(lines.contains("connection limit (3) reached"))
        }
    }

    static func initialize(_ port: Int) async throws -> String? {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/mcp")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.body = .bytes(ByteBuffer(string: StdioTransportTests.initialize))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.headers["Mcp-Session-Id"].first
    }

    static func listTools(_ port: Int, session: String) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/mcp")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        request.headers.add(name: "Mcp-Session-Id", value: session)
        request.headers.add(name: "Mcp-Protocol-Version", value: "2025-03-26")
        request.body = .bytes(ByteBuffer(string: StdioTransportTests.request(7, "tools/list")))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 22)
        return Int(response.status.code)
    }

    @Test func mcpSessionsAreCappedNeverUsedOnesFirstAndExpireWhenIdle() async throws {
        var limits = ServeLimits()
        limits.maxSessions = 3
        // Generous: the kept session must outlive seven requests even on a loaded machine; the
        // wait for expiry below is longer by a margin.
        limits.sessionIdle = .seconds(3)
        let lines = Lines()
        try await Self.withServer(limits, lines) { port, _, server in
            let kept = try #require(try await Self.initialize(port))
            #expect(try await Self.listTools(port, session: kept) == 200)
            let first = try #require(try await Self.initialize(port))
            for _ in 0..<4 { _ = try await Self.initialize(port) }
            #expect(server.mcpSessionCount == 3)
            #expect(try await Self.listTools(port, session: first) == 404, "a never-used session was evicted")
            #expect(try await Self.listTools(port, session: kept) == 200, "the session in use was kept")
            #expect(lines.contains("MCP session limit (3) reached"))
            try await Task.sleep(for: .milliseconds(3_500))
            #expect(try await Self.listTools(port, session: kept) == 404, "an idle session expires")
        }
    }

    @Test func conversationWorldsAreCappedAndExpireWhenIdle() async throws {
        var limits = ServeLimits()
        limits.maxWorlds = 2
        limits.worldIdle = .milliseconds(500)
        let lines = Lines()
        try await Self.withServer(limits, lines) { port, directory, _ in
            let refund = #"{"charge_id": "CH-4001", "amount": 49.00, "reason": "test"}"#
            for id in ["a", "b", "c", "d"] {
                let r = try await BackendServerTests.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": id])
                #expect(r.0 == 200)
            }
            #expect(directory.worldCount == 2)
            #expect(lines.contains("conversation limit (2) reached"))
            do { let r = try await BackendServerTests.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "d"]); #expect(r.0 == 409) }
            try await Task.sleep(for: .milliseconds(800))
            do { let r = try await BackendServerTests.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "d"]); #expect(r.0 == 200, "an idle world expired; the conversation starts again") }
        }
    }

    @Test func boundedTableEvictsFreshEntriesFirst() {
        let table = BoundedTable<Int>(cap: 2, idle: .seconds(60))
        table.insert("used", 1)
        _ = table.get("used")
        table.insert("fresh", 2)
        let removed = table.insert("new", 3).removed
        #expect(removed.map(\.0) == ["fresh"])
        #expect(table.get("used").value == 1)
    }
}
