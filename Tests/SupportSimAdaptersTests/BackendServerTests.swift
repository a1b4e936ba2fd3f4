import AsyncHTTPClient
import Foundation
import NIOCore
import SupportSimCore
import SupportSimServer
import SupportSimTesting
import Testing

/// The backends over HTTP: started by the test on 127.0.0.1, spoken to with a real HTTP client.
@Suite(.serialized)
struct BackendServerTests {
    static func withServer(token: String? = nil, _ body: @Sendable (Int, ConversationDirectory) async throws -> Void) async throws {
        let suite = try Fixtures.loadAcmeMini()
        let directory = ConversationDirectory(mode: .serve, world: suite.world, latencyMs: suite.config.latencyMs, start: suite.config.clockStart)
        let server = BackendServer(directory: directory, options: .init(port: 0, token: token))
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var it = ready.makeAsyncIterator()
        let port = try #require(await it.next())
        defer { task.cancel() }
        try await body(port, directory)
    }

    /// `json`: declare the body as JSON, as `/tools` requires.
    static func post(_ port: Int, _ path: String, body: String, headers: [String: String] = [:], json: Bool = true) async throws -> (Int, JSONValue?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        if json, headers["Content-Type"] == nil { request.headers.add(name: "Content-Type", value: "application/json") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(string: body))
        // Generous: the full test suite loads both cores; this is no measure of speed.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), try? JSONValue.parse(Data(bytes.readableBytesView)))
    }

    @Test func anOperationReturnsItsResult() async throws {
        try await Self.withServer { port, _ in
            let (status, body) = try await Self.post(port, "/tools/orders.track_shipment", body: #"{"order_id": "ORD-5001"}"#)
            #expect(status == 200)
            #expect(body?["tracking"] == "1Z999AA10123456784")
        }
    }

    @Test func conversationsHaveTheirOwnWorldAndResetRestoresIt() async throws {
        try await Self.withServer { port, _ in
            let refund = #"{"charge_id": "CH-4001", "amount": 49.00, "reason": "test"}"#
            do { let r = try await Self.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "a"]); #expect(r.0 == 200) }
            do { let r = try await Self.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "a"]); #expect(r.0 == 409) }
            do { let r = try await Self.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "b"]); #expect(r.0 == 200) }
            do { let r = try await Self.post(port, "/reset", body: ""); #expect(r.0 == 200) }
            do { let r = try await Self.post(port, "/tools/billing.refund", body: refund, headers: ["X-SupportSim-Conversation": "a"]); #expect(r.0 == 200) }
        }
    }

    @Test func badRequestsGetClearErrorsAndTheServerKeepsServing() async throws {
        try await Self.withServer { port, _ in
            let unknown = try await Self.post(port, "/tools/billing.teleport", body: "{}")
            #expect(unknown.0 == 404)
            #expect(unknown.1?["error"]?["code"] == "unknown_operation")
            let notObject = try await Self.post(port, "/tools/orders.get_order", body: "[1, 2]")
            #expect(notObject.0 == 400)
            #expect(notObject.1?["error"]?["message"] == "the request body must be a JSON object of arguments")
            let garbage = try await Self.post(port, "/tools/orders.get_order", body: "{nope")
            #expect(garbage.0 == 400)
            let huge = try await Self.post(port, "/tools/kb.search", body: "{\"query\": \"" + String(repeating: "a", count: 1 << 20) + "\"}")
            #expect(huge.0 == 413)
            #expect(huge.1?["error"]?["message"] == "the request body is over 1 MiB")
            do { let r = try await Self.post(port, "/tools/orders.get_order", body: #"{"order_id": "ORD-5001"}"#); #expect(r.0 == 200) }
        }
    }

    @Test func aTokenIsRequiredOffLoopbackAndEnforced() async throws {
        let refused = BackendServer(directory: ConversationDirectory(mode: .serve), options: .init(host: "0.0.0.0", port: 0))
        await #expect(throws: BackendServer.StartError.self) { try await refused.run() }
        try await Self.withServer(token: "s3cret-0123456789abcdef") { port, _ in
            do { let r = try await Self.post(port, "/tools/orders.get_order", body: #"{"order_id": "ORD-5001"}"#); #expect(r.0 == 401) }
            do { let r = try await Self.post(port, "/tools/orders.get_order", body: #"{"order_id": "ORD-5001"}"#, headers: ["Authorization": "Bearer wrong"]); #expect(r.0 == 401) }
            do { let r = try await Self.post(port, "/tools/orders.get_order", body: #"{"order_id": "ORD-5001"}"#, headers: ["Authorization": "Bearer s3cret-0123456789abcdef"]); #expect(r.0 == 200) }
        }
    }
}
