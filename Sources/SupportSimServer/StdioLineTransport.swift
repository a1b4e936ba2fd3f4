import Foundation
import Logging
import MCP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// MCP over stdio, one JSON-RPC message per line, in place of the swift-sdk's `StdioTransport`
/// (0.12.1), which re-scans its whole buffer for a newline after every 4 KiB read (an 8 MiB
/// line took 100 s of CPU) and ends the server at end of input while answers are still being
/// computed. Here lines are split in one pass with a size limit (a longer line is skipped and
/// answered with a JSON-RPC error), and at end of input the message stream stays open until
/// every request already read has been answered (or 30 s have passed).
public actor StdioLineTransport: Transport {
    public nonisolated let logger = Logger(label: "supportsim.mcp.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
    private nonisolated let input: Int32
    private nonisolated let output: Int32
    private nonisolated let maxLine: Int
    private nonisolated let log: LimitLog
    private nonisolated let stream: AsyncThrowingStream<Data, any Error>
    private nonisolated let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    /// Requests read and not yet answered, by id; and whether input has ended.
    private nonisolated let pending = Mutex<(ids: [String: Int], inputEnded: Bool, finished: Bool)>(([:], false, false))
    private nonisolated let writeLock = Mutex<Void>(())
    private var started = false

    public init(input: Int32 = 0, output: Int32 = 1, maxLine: Int = ServeLimits().maxLine, log: LimitLog = LimitLog()) {
        self.input = input
        self.output = output
        self.maxLine = maxLine
        self.log = log
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !started else { return }
        started = true
        // A thread of its own: blocking reads, no polling, and nothing else waits on it.
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    public func disconnect() async { finish() }

    public func receive() -> AsyncThrowingStream<Data, any Error> { stream }

    public func send(_ data: Data) async throws {
        write(data)
        let answered = Self.ids(in: data, requests: false)
        guard !answered.isEmpty else { return }
        let done = pending.withLock { p -> Bool in
            for id in answered {
                if let n = p.ids[id] { p.ids[id] = n > 1 ? n - 1 : nil }
            }
            return p.inputEnded && p.ids.isEmpty
        }
        if done { finish() }
    }

    private nonisolated func write(_ data: Data) {
        var line = data
        line.append(0x0A)
        writeLock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(output, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 { if errno == EINTR { continue }; return }
                    offset += n
                }
            }
        }
    }

    private nonisolated func finish() {
        let first = pending.withLock { p -> Bool in
            defer { p.finished = true }
            return !p.finished
        }
        if first { continuation.finish() }
    }

    private nonisolated func readLoop() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line: [UInt8] = []
        var skipping = false
        while true {
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            var start = 0
            // Each byte is looked at once: only the new chunk is searched for a newline.
            while start < n {
                let newline = chunk[start..<n].firstIndex(of: 0x0A)
                let end = newline ?? n
                if !skipping {
                    if line.count + (end - start) > maxLine {
                        skipping = true
                        line = []
                    } else {
                        line.append(contentsOf: chunk[start..<end])
                    }
                }
                guard newline != nil else { break }
                if skipping {
                    refuseOversizedLine()
                    skipping = false
                } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                    deliver(Data(line))
                }
                line.removeAll(keepingCapacity: line.count < (1 << 20))
                start = end + 1
            }
        }
        if skipping { refuseOversizedLine() } else if !line.isEmpty { deliver(Data(line)) }
        let done = pending.withLock { p -> Bool in
            p.inputEnded = true
            return p.ids.isEmpty
        }
        if done {
            finish()
        } else {
            // A request the server never answers must not keep the process alive for ever.
            Task { [self] in
                try? await Task.sleep(for: .seconds(30))
                finish()
            }
        }
    }

    private nonisolated func deliver(_ data: Data) {
        let ids = Self.ids(in: data, requests: true)
        if !ids.isEmpty {
            pending.withLock { p in for id in ids { p.ids[id, default: 0] += 1 } }
        }
        continuation.yield(data)
    }

    private nonisolated func refuseOversizedLine() {
        let mib = maxLine % (1 << 20) == 0 ? "\(maxLine >> 20) MiB" : "\(maxLine) bytes"
        log.hit("stdio-line", "skipped an MCP message over the \(mib) line limit")
        write(Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"message over the \#(mib) line limit; skipped"}}"#.utf8))
    }

    /// The ids of the requests (method and id) or of the answers (id, no method) in a message
    /// or batch, as comparable text.
    static func ids(in data: Data, requests: Bool) -> [String] {
        let decoder = JSONDecoder()
        let envelopes: [Envelope]
        if data.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "[") {
            envelopes = (try? decoder.decode([Envelope].self, from: data)) ?? []
        } else {
            envelopes = (try? decoder.decode(Envelope.self, from: data)).map { [$0] } ?? []
        }
        return envelopes.compactMap { e in
            guard let id = e.id, e.hasMethod == requests else { return nil }
            return id
        }
    }

    /// Just enough of a JSON-RPC message to pair a request with its answer.
    struct Envelope: Decodable {
        var id: String?
        var hasMethod: Bool
        enum Keys: String, CodingKey { case id, method }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            hasMethod = c.contains(.method)
            if let s = try? c.decode(String.self, forKey: .id) { id = "s:" + s }
            else if let i = try? c.decode(Int.self, forKey: .id) { id = "i:\(i)" }
            else { id = nil }
        }
    }
}
