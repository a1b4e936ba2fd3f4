import AsyncHTTPClient
import Foundation
import NIOCore
import SupportSimCore
import SupportSimTesting
import Testing

/// A tau suite served by `supportsim serve`: tau-bench's own tools over HTTP and MCP, so an agent
/// can be developed against tau's retail domain by hand.
@Suite(.serialized, .enabled(if: TauBenchData.shouldRun, "needs tau-bench's data at ../shared/tau-bench"))
struct TauServeTests {
    static func retailSuite() throws -> URL {
        let out = Fixtures.temporaryFolder("tau-serve").appendingPathComponent("suite")
        let r = try SupportSimBinary.run(["import", "tau-bench", "--domain", "retail", "--from", try TauBenchData.domain("retail").path,
                                          "--out", out.path])
        try #require(r.status == 0, "\(r.stderr)")
        return out
    }

    /// Some user of the domain's database, and their e-mail.
    static func someUser() throws -> (id: String, email: String) {
        let users = try JSONValue.parse(Data(contentsOf: TauBenchData.domain("retail").appendingPathComponent("db/users.json")))
        let (id, user) = try #require(users.objectValue?.min { $0.key < $1.key })
        return (id, try #require(user["email"]?.stringValue))
    }

    @Test func httpCallsRunTauToolsOnTheConversationsOwnDatabase() async throws {
        let server = try ServeProcess.start(try Self.retailSuite())
        defer { server.stop() }
        let user = try Self.someUser()
        func call(_ tool: String, _ args: JSONValue, conversation: String) async throws -> (Int, JSONValue) {
            var request = HTTPClientRequest(url: "\(server.base)/tools/\(tool)")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "X-SupportSim-Conversation", value: conversation)
            request.body = .bytes(ByteBuffer(string: args.jsonText()))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), try JSONValue.parse(Data(body.readableBytesView)))
        }
        let (status, found) = try await call("find_user_id_by_email", ["email": .string(user.email)], conversation: "a")
        #expect(status == 200)
        #expect(found == .string(user.id), "tau-bench answers with the bare user id")
        let (_, missing) = try await call("find_user_id_by_email", ["email": "nobody@example.invalid"], conversation: "a")
        #expect(missing["error"]?["message"] == "Error: user not found")
        let (_, unknown) = try await call("book_flight", [:], conversation: "a")
        #expect(unknown["error"]?["message"] == "Unknown action book_flight")
    }

    @Test func mcpOverStdioListsTheDomainsToolsAsToolsJsonNamesThem() throws {
        let suite = try Self.retailSuite()
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = ["serve", suite.path, "--stdio"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        ]
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        var received = Data()
        // Complete lines only: the last piece may still be arriving.
        func completeLines() -> [String] { Array(String(decoding: received, as: UTF8.self).components(separatedBy: "\n").dropLast()) }
        while !completeLines().contains(where: { $0.contains("\"id\":2") }) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        let listLine = try #require(completeLines().first { $0.contains("\"id\":2") })
        let names = Set((try JSONValue.parse(listLine))["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
        let schemas = try JSONValue.parse(Data(contentsOf: TauBenchData.domain("retail").appendingPathComponent("tools.json")))
        let expected = Set(schemas.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? [])
        #expect(!expected.isEmpty)
        #expect(names == expected)
    }
}
