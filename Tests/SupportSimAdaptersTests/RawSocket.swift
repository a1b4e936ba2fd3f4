import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket to 127.0.0.1, for the requests an HTTP client library will not send
/// (half-sent heads, lying Content-Length, thousands of idle connections).
struct RawSocket {
    let fd: Int32

    /// Connects to 127.0.0.1:port; nil when the connection cannot be made (e.g. out of descriptors).
    static func connect(port: Int, receiveTimeout: Double = 10) -> RawSocket? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { _ = Glibc.close(fd); return nil }
        let socket = RawSocket(fd: fd)
        socket.setReceiveTimeout(receiveTimeout)
        return socket
    }

    /// Opens up to `count` connections at once: non-blocking connects, then one poll until all
    /// have completed (or `timeout` passed); returns the ones that connected, blocking again.
    static func connectMany(port: Int, count: Int, timeout: Double = 10, receiveTimeout: Double = 1) -> [RawSocket] {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var pending: [Int32] = []
        var connected: [Int32] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { break }
            let r = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if r == 0 { connected.append(fd) } else if errno == EINPROGRESS { pending.append(fd) } else { _ = Glibc.close(fd) }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !pending.isEmpty, Date() < deadline {
            var polls = pending.map { pollfd(fd: $0, events: Int16(POLLOUT), revents: 0) }
            _ = Glibc.poll(&polls, nfds_t(polls.count), Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            var still: [Int32] = []
            for p in polls {
                guard p.revents != 0 else { still.append(p.fd); continue }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { connected.append(p.fd) } else { _ = Glibc.close(p.fd) }
            }
            pending = still
        }
        pending.forEach { _ = Glibc.close($0) }
        return connected.map { fd in
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            let socket = RawSocket(fd: fd)
            socket.setReceiveTimeout(receiveTimeout)
            return socket
        }
    }

    func setReceiveTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// One recv(2), retried when a signal interrupts it: with SO_RCVTIMEO set the kernel does
    /// not restart it, and the test process sees SIGCHLD whenever a test's child exits.
    private func receiveOnce(_ buffer: inout [UInt8]) -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            return n
        }
    }

    /// Up to `max` bytes; empty at end of stream, nil on timeout or error.
    func receive(max: Int = 65536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = receiveOnce(&buffer)
        if n < 0 { return nil }
        return Array(buffer[0..<n])
    }

    /// True when the peer has closed the connection (reads end of stream, or it was reset);
    /// false when the receive timeout passes first.
    func peerClosed() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = receiveOnce(&buffer)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET || errno == EPIPE }
        }
    }

    /// Reads one response: status code, lowercased header names, body (Content-Length bodies only).
    func readResponse() -> (status: Int, headers: [String: String], body: String)? {
        var data: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard let chunk = receive(), !chunk.isEmpty else { return nil }
            data += chunk
            headEnd = Self.find(separator, in: data)
        }
        let head = String(decoding: data[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(headEnd! + 4)...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            guard let chunk = receive(), !chunk.isEmpty else { break }
            body += chunk
        }
        return (status, headers, String(decoding: body, as: UTF8.self))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        // memchr for the first byte, memcmp for the rest (memmem is not exported to Swift).
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                let base = h.baseAddress!
                let last = h.count - n.count
                var i = start
                while i <= last {
                    guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return nil }
                    let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, n.baseAddress!, n.count) == 0 { return at }
                    i = at + 1
                }
                return nil
            }
        }
    }

    func close() { _ = Glibc.close(fd) }
}

/// Runs blocking socket work on a thread of its own: blocking a cooperative thread (two on this
/// machine) could starve the in-process server of the threads it needs to answer.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { c in Thread { c.resume(returning: work()) }.start() }
}

/// Keeps the CPU-heavy load test apart from the tests that measure time (turn timeouts, idle
/// expiry): Swift Testing runs suites in parallel, and on a small machine the load test would
/// starve them. Timing tests share the gate; the load test has it to itself.
actor LoadGate {
    static let shared = LoadGate()
    private var timing = 0
    private var load = false
    private var waiting: [(exclusive: Bool, resume: CheckedContinuation<Void, Never>)] = []

    /// Runs `body` alongside other timing tests, never during the load test.
    static func timing<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await shared.enter(exclusive: false)
        do { let r = try await body(); await shared.leave(exclusive: false); return r } catch { await shared.leave(exclusive: false); throw error }
    }

    /// Runs `body` with no timing test running.
    static func load<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await shared.enter(exclusive: true)
        do { let r = try await body(); await shared.leave(exclusive: true); return r } catch { await shared.leave(exclusive: true); throw error }
    }

    private func canEnter(_ exclusive: Bool) -> Bool { exclusive ? (!load && timing == 0) : !load }

    private func enter(exclusive: Bool) async {
        // First come, first served: a waiting load test is not overtaken by later timing tests.
        if waiting.isEmpty, canEnter(exclusive) { admit(exclusive); return }
        await withCheckedContinuation { waiting.append((exclusive, $0)) }
    }

    private func admit(_ exclusive: Bool) { if exclusive { load = true } else { timing += 1 } }

    private func leave(exclusive: Bool) {
        if exclusive { load = false } else { timing -= 1 }
        while let next = waiting.first, canEnter(next.exclusive) {
            waiting.removeFirst()
            admit(next.exclusive)
            next.resume.resume()
        }
    }
}
