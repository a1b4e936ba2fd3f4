import AsyncHTTPClient
import Foundation
import NIOCore
import SupportSimCore
import SupportSimServer
import SupportSimTesting
import Testing

/// What one client must not be able to do to `supportsim serve`: make it wait on a lying
/// Content-Length, drive it from a web page, or get in with a weak or oddly-cased token.
@Suite(.serialized)
struct ServeHardeningTests {
    static let longToken = "0123456789abcdef-token"
    static let track = #"{"order_id": "ORD-5001"}"#

    @Test func aDeclaredBodyOverTheLimitIsAnswered413AtOnce() async throws {
        try await BackendServerTests.withServer { port, _ in
            for path in ["/tools/kb.search", "/mcp"] {
                // The body never comes: a server that waited for it would never answer. The
                // receive timeout only bounds the test; a loaded machine may take seconds.
                let socket = try #require(RawSocket.connect(port: port, receiveTimeout: 60))
                defer { socket.close() }
                socket.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{")
                let response = try #require((await offPool { socket.readResponse() }), "no answer to a declared Content-Length over the limit on \(path)")
                #expect(response.status == 413, "\(path)")
            }
        }
    }

    @Test func aChunkedBodyOverTheLimitIsRefusedWith413() async throws {
        try await BackendServerTests.withServer { port, _ in
            let huge = "{\"query\": \"" + String(repeating: "a", count: 1 << 20) + "\"}"
            let (status, body) = try await BackendServerTests.post(port, "/tools/kb.search", body: huge, headers: ["Content-Type": "application/json"])
            #expect(status == 413)
            #expect(body?["error"]?["message"] == "the request body is over 1 MiB")
        }
    }

    @Test func toolsRefuseBodiesThatAreNotDeclaredJSON() async throws {
        try await BackendServerTests.withServer { port, _ in
            for type in ["text/plain", "application/x-www-form-urlencoded", nil] as [String?] {
                let headers = type.map { ["Content-Type": $0] } ?? [:]
                let (status, body) = try await BackendServerTests.post(port, "/tools/orders.track_shipment", body: Self.track, headers: headers, json: false)
                #expect(status == 415, "\(type ?? "no content type")")
                #expect(body?["error"]?["code"] == "unsupported_media_type")
            }
            let ok = try await BackendServerTests.post(port, "/tools/orders.track_shipment", body: Self.track, headers: ["Content-Type": "Application/JSON; charset=utf-8"])
            #expect(ok.0 == 200)
        }
    }

    @Test func toolsRefuseOtherOriginsLikeMCPDoes() async throws {
        try await BackendServerTests.withServer { port, _ in
            let refund = #"{"charge_id": "CH-4001", "amount": 49.00, "reason": "csrf"}"#
            for path in ["/tools/billing.refund", "/mcp"] {
                let (status, _) = try await BackendServerTests.post(port, path, body: refund,
                    headers: ["Content-Type": "application/json", "Accept": "application/json, text/event-stream", "Origin": "https://evil.example"])
                #expect(status == 403, "\(path)")
            }
            let local = try await BackendServerTests.post(port, "/tools/billing.refund", body: refund,
                headers: ["Content-Type": "application/json", "Origin": "http://localhost:\(port)"])
            #expect(local.0 == 200)
        }
    }

    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        try await BackendServerTests.withServer(token: Self.longToken) { port, _ in
            for scheme in ["Bearer", "bearer", "BEARER"] {
                let (status, _) = try await BackendServerTests.post(port, "/tools/orders.track_shipment", body: Self.track,
                    headers: ["Content-Type": "application/json", "Authorization": "\(scheme) \(Self.longToken)"])
                #expect(status == 200, "\(scheme)")
            }
            for wrong in ["Bearer \(Self.longToken)x", "Bearer \(Self.longToken.dropLast())", "Basic \(Self.longToken)", "Bearer"] {
                let (status, _) = try await BackendServerTests.post(port, "/tools/orders.track_shipment", body: Self.track,
                    headers: ["Content-Type": "application/json", "Authorization": wrong])
                #expect(status == 401, "\(wrong)")
            }
        }
    }

    /// True when `run()` throws a StartError within 3 s (a server that starts is stopped).
    static func refusesToStart(_ server: BackendServer) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { do { try await server.run(); return false } catch { return error is BackendServer.StartError } }
            group.addTask { try? await Task.sleep(for: .seconds(3)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func shortTokensAreRefusedAtStart() async throws {
        for token in ["x", "s3cret", "fifteen-chars!!"] {
            let server = BackendServer(directory: ConversationDirectory(mode: .serve), options: .init(port: 0, token: token))
            #expect(await Self.refusesToStart(server), "a \(token.count)-character token")
        }
    }
}
