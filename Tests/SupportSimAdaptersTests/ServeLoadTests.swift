import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SupportSimCore
import SupportSimTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One client with 20,000 idle connections and 100,000 never-closed MCP sessions, against the
/// built binary on 127.0.0.1, while a normal client keeps working; the server's peak memory
/// stays bounded. The server holds at most its connection cap (10,000, under its descriptor
/// limit) and closes the longest-idle ones past it; the client closes its end of those, so
/// neither side runs out of descriptors.
@Suite(.serialized)
struct ServeLoadTests {
    static let idleConnections = 20_000
    static let sessions = Int(ProcessInfo.processInfo.environment["SUPPORTSIM_LOAD_SESSIONS"] ?? "") ?? 100_000
    /// The client holds up to the server's cap plus one batch, and a few of its own.
    static let descriptorsNeeded = 10_000 + 1_000 + 256

    static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        return Int(clamping: limit.rlim_cur)
    }

    static func memoryKB(_ pid: Int32, _ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    static func initializeRequest(_ port: Int) -> [UInt8] {
        let body = StdioTransportTests.initialize
        return Array(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }

    /// Sends `count` initialize requests on one keep-alive connection, pipelined in batches,
    /// and waits for as many responses; returns how many came back with 200.
    static func flood(port: Int, count: Int) -> Int {
        guard let socket = RawSocket.connect(port: port, receiveTimeout: 20) else { return 0 }
        defer { socket.close() }
        let request = initializeRequest(port)
        let statusLine = Array("HTTP/1.1 200".utf8)
        var ok = 0
        var sent = 0
        while sent < count {
            let batch = min(100, count - sent)
            var bytes: [UInt8] = []
            for _ in 0..<batch { bytes += request }
            guard socket.send(bytes) else { return ok }
            sent += batch
            var seen = 0
            var buffer: [UInt8] = []
            while seen < batch {
                guard let chunk = socket.receive(), !chunk.isEmpty else { return ok }
                buffer += chunk
                var from = 0
                while let at = RawSocket.find(statusLine, in: buffer, from: from) { seen += 1; from = at + statusLine.count }
                buffer = Array(buffer[max(0, from, buffer.count - statusLine.count)...])
            }
            ok += seen
        }
        return ok
    }

    @Test func oneClientCannotExhaustServe() async throws {
        let limit = Self.raiseDescriptorLimit()
        guard limit >= Self.descriptorsNeeded else {
            Issue.record("skipped: the load test needs RLIMIT_NOFILE of at least \(Self.descriptorsNeeded) descriptors; the hard limit is \(limit) (raise it with ulimit -Hn)")
            return
        }
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = ["serve", Fixtures.acmeMini.path, "--port", "0"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL) }
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).firstMatch(of: /127\.0\.0\.1:(\d+)/)?.output.1 ?? ""))
        let track = #"{"order_id": "ORD-5001"}"#
        @Sendable func normalCall() async throws -> Int {
            try await BackendServerTests.post(port, "/tools/orders.track_shipment", body: track).0
        }
        let session = try #require(try await ServeLimitsTests.initialize(port))
        #expect(try await ServeLimitsTests.listTools(port, session: session) == 200)

        // 20,000 idle connections, in batches; between batches the normal client is served and
        // the connections the server closed are closed here too.
        var held: [RawSocket] = []
        var opened = 0
        while opened < Self.idleConnections {
            let batch = await offPool { (0..<1_000).compactMap { _ in RawSocket.connect(port: port, receiveTimeout: 1) } }
            held += batch
            opened += batch.count
            if batch.isEmpty { Issue.record("no connection could be opened after \(opened)"); break }
            #expect(try await normalCall() == 200, "after \(opened) idle connections")
            var polls = held.map { pollfd(fd: $0.fd, events: Int16(POLLIN | 0x2000 /* POLLRDHUP */), revents: 0) }
            _ = Glibc.poll(&polls, nfds_t(polls.count), 50)
            var still: [RawSocket] = []
            for (s, p) in zip(held, polls) { if p.revents != 0 { s.close() } else { still.append(s) } }
            held = still
        }
        #expect(opened == Self.idleConnections)
        #expect(try await ServeLimitsTests.listTools(port, session: session) == 200)

        // 100,000 MCP sessions, never closed, on two threads; the normal client keeps using its own.
        let done = Mutex<[Int]>([])
        let perThread = Self.sessions / 2
        for _ in 0..<2 {
            Thread { let ok = Self.flood(port: port, count: perThread); done.withLock { $0.append(ok) } }.start()
        }
        while done.withLock({ $0.count }) < 2 {
            #expect(try await ServeLimitsTests.listTools(port, session: session) == 200, "during the session flood")
            #expect(try await normalCall() == 200, "during the session flood")
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(done.withLock { $0.reduce(0, +) } == perThread * 2, "every initialize was answered")
        #expect(try await ServeLimitsTests.listTools(port, session: session) == 200, "after the floods")
        #expect(try await normalCall() == 200, "after the floods")
        #expect(try await ServeLimitsTests.initialize(port) != nil, "a new client still gets a session")
        held.forEach { $0.close() }

        let peak = try #require(Self.memoryKB(p.processIdentifier, "VmHWM"))
        #expect(peak < 1_000_000, "the server's peak resident memory was \(peak / 1024) MiB")
    }
}
