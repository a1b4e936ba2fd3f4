import Foundation
import MCP
import SupportSimCore
import SupportSimServer
import SupportSimTesting
import Testing

/// MCP over stdio, driven through pipes: a huge line must not stall the server (it is refused
/// with a JSON-RPC error and the next line is answered), and every request read before the end
/// of input is answered before the server stops.
@Suite(.serialized)
struct StdioTransportTests {
    static func request(_ id: Int, _ method: String, _ params: String = "{}") -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }
    static let initialize = request(0, "initialize", #"{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}"#)
    static let initialized = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#

    /// Serves the bridge on two pipes, writes `input` and closes it, and returns every answer
    /// line once the server has stopped (nil if it did not stop within `deadline` seconds).
    static func drive(_ input: [UInt8], deadline: Double = 60) async throws -> [JSONValue]? {
        // Never while the serve load test holds both cores.
        try await LoadGate.timing { try await driveNow(input, deadline: deadline) }
    }

    private static func driveNow(_ input: [UInt8], deadline: Double) async throws -> [JSONValue]? {
        let suite = try Fixtures.loadAcmeMini()
        let directory = ConversationDirectory(mode: .serve, world: suite.world, latencyMs: suite.config.latencyMs, start: suite.config.clockStart)
        let bridge = MCPBridge(directory: directory)
        let toServer = Pipe(), fromServer = Pipe()
        let writer = Thread {
            toServer.fileHandleForWriting.write(Data(input))
            try? toServer.fileHandleForWriting.close()
        }
        writer.start()
        let output = Mutex_Box()
        let reader = Thread { output.set(fromServer.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await serveStdio(bridge, input: toServer.fileHandleForReading.fileDescriptor, output: fromServer.fileHandleForWriting.fileDescriptor)
                return true
            }
            group.addTask { try? await Task.sleep(for: .seconds(deadline)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard finished else { return nil }
        try fromServer.fileHandleForWriting.close()
        while output.get() == nil { try await Task.sleep(for: .milliseconds(10)) }
        return String(decoding: output.get()!, as: UTF8.self).split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }

    @Test func aLineOverTheLimitIsRefusedAndTheNextOneAnswered() async throws {
        var input = Array((Self.initialize + "\n").utf8)
        let huge = #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":""# + String(repeating: "a", count: 8 << 20) + "\"}}\n"
        input += Array(huge.utf8)
        input += Array((Self.request(2, "tools/list") + "\n").utf8)
        let answers = try #require(try await Self.drive(input), "the server did not finish within 60 s after a line over 8 MiB")
        let refused = answers.first { $0["error"] != nil && $0["id"] == .null }
        #expect(refused?["error"]?["message"]?.stringValue?.contains("8 MiB") == true, "\(answers.map { $0.jsonText().prefix(200) })")
        #expect(answers.contains { $0["id"] == 2 && $0["result"]?["tools"]?.arrayValue?.count == OperationCatalogue.all.count })
    }

    @Test func everyRequestReadBeforeEndOfInputIsAnswered() async throws {
        var lines = [Self.initialize, Self.initialized]
        for id in 1...300 {
            lines.append(Self.request(id, "tools/call", #"{"name":"orders.track_shipment","arguments":{"order_id":"ORD-5001"}}"#))
        }
        let answers = try #require(try await Self.drive(Array((lines.joined(separator: "\n") + "\n").utf8)))
        let ids = Set(answers.compactMap { $0["id"]?.intValue })
        #expect(ids == Set(0...300), "missing answers: \(Set(0...300).subtracting(ids).sorted().prefix(20))")
    }
}

/// The output collected by the reader thread.
final class Mutex_Box: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data? { lock.lock(); defer { lock.unlock() }; return data }
}

func serveStdio(_ bridge: MCPBridge, input: Int32, output: Int32) async throws {
    try await bridge.runStdio(input: input, output: output)
}
