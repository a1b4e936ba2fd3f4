import Foundation
import SupportSimCore
import SupportSimTau
import SupportSimTauPlay
import Testing

/// A scenario's faults work on a tau domain's tools as on the support backends: after `after`
/// matching calls, `times` calls fail without running; the agent reads the error as any
/// tool error, the database is unchanged, and the failed call is a step of the episode.
struct TauGatewayFaultTests {
    static func text(_ outcome: ToolOutcome) -> String {
        switch outcome {
        case .success(let value): return value.stringValue ?? ""
        case .failure(let error): return error.message
        }
    }

    @Test func anInjectedErrorReplacesTheToolsAnswerForTheCallsItCovers() async throws {
        let fault = Fault(operation: "get_user_*", error: "unavailable", times: 1, after: 1)
        let gateway = TauGateway(domain: .airline, data: try AirlineToolRuleTests.database(), faults: [fault])
        var answers: [String] = []
        for _ in 0..<3 {
            let outcome = await gateway.call("get_user_details", argumentsJSON: #"{"user_id": "mia_li_1"}"#)
            answers.append(Self.text(outcome))
        }
        #expect(answers[0].hasPrefix(#"{"name": {"first_name": "Mia""#))
        #expect(answers[1] == "Error: get_user_details is unavailable (injected fault: unavailable)")
        #expect(answers[2] == answers[0])
        #expect(gateway.audit.map(\.succeeded) == [true, false, true])
        #expect(gateway.environment.steps == 3)
    }

    @Test func aFailedWriteChangesNothing() async throws {
        let data = try AirlineToolRuleTests.database()
        let gateway = TauGateway(domain: .airline, data: data, faults: [Fault(operation: "cancel_reservation", error: "timeout")])
        let outcome = await gateway.call("cancel_reservation", ["reservation_id": "ABC123"])
        #expect(Self.text(outcome) == "Error: cancel_reservation timed out (injected fault)")
        #expect(gateway.environment.data == data)
        #expect(gateway.observations == ["Error: cancel_reservation timed out (injected fault)"])
    }
}

/// A tau suite's data must describe the domain the port runs: an offered tool the port does not
/// have would answer every call with "Unknown action", so it stops the run before it starts.
struct TauSuiteDataTests {
    static func folder(tools: String?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tau-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        try Data("[]".utf8).write(to: dir.appendingPathComponent("tasks.json"))
        for table in TauDomain.airline.tables { try Data("{}".utf8).write(to: dir.appendingPathComponent("db/\(table).json")) }
        if let tools { try Data(tools.utf8).write(to: dir.appendingPathComponent("tools.json")) }
        return dir
    }

    static func failure(_ dir: URL) -> String? {
        do {
            _ = try TauSuiteData(domain: .airline, directory: dir)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aToolThePortDoesNotRunIsRefused() throws {
        let dir = try Self.folder(tools: #"[{"type": "function", "function": {"name": "upgrade_to_first_class"}}]"#)
        let message = try #require(Self.failure(dir))
        #expect(message.contains("upgrade_to_first_class is not a tool of tau-bench's airline domain (its tools: book_reservation,"))
    }

    @Test func missingToolSchemasAreRefused() throws {
        let message = try #require(Self.failure(try Self.folder(tools: nil)))
        #expect(message.hasSuffix("tools.json: no such file; tau.data must hold the domain's tool schemas (tools.json)"))
    }

    @Test func theDomainsOwnSchemasAreAccepted() throws {
        let names = TauDomain.airline.tools.map { #"{"type": "function", "function": {"name": "\#($0.name)"}}"# }
        #expect(Self.failure(try Self.folder(tools: "[" + names.joined(separator: ", ") + "]")) == nil)
    }
}
