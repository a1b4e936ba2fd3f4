import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// examples/ledgerly: a payments provider's agent, written for its own API (tools/ declares it),
/// passes its suite; a faulty build of the same agent fails where its faults are.
@Suite(.serialized, .enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil,
                             "needs python3 on PATH (the example agent and its exec tool handler are Python)"))
struct OwnToolsExampleTests {
    static let example = Fixtures.repositoryRoot.appendingPathComponent("examples/ledgerly")

    func run(_ extra: [String]) throws -> (status: Int32, results: JSONValue) {
        let out = Fixtures.temporaryFolder("ledgerly")
        let r = try SupportSimBinary.run(["run", Fixtures.copy(Self.example).path, "--out", out.path, "--no-history", "-q"] + extra)
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        return (r.status, results)
    }

    static func failing(_ results: JSONValue) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for s in results["scenarios"]?.arrayValue ?? [] where s["status"] != "pass" {
            let policies = (s["violations"]?.arrayValue ?? []).compactMap { $0["policy"]?.stringValue }
            out[s["id"]?.stringValue ?? "?"] = Array(Set(policies)).sorted()
        }
        return out
    }

    @Test func theAgentWrittenForTheAPIPassesItsSuite() throws {
        let (status, results) = try run([])
        #expect(status == 0, "\(Self.failing(results))")
        #expect(results["scenarios"]?.arrayValue?.count == 8)
        let calls = Set((results["scenarios"]?.arrayValue ?? []).flatMap { ($0["audit"]?.arrayValue ?? []).compactMap { $0["operation"]?.stringValue } })
        // Every implementation kind was exercised: maps_to, records, responses and exec.
        #expect(calls.isSuperset(of: ["refund_charge", "void_payment", "fx_rate", "fraud_check", "open_case", "handoff"]))
    }

    @Test func aFaultyBuildFailsWhereItsFaultsAre() throws {
        let (status, results) = try run(["--agent", "exec:python3 agent/ledgerly_agent.py --faulty"])
        #expect(status == 1)
        #expect(Self.failing(results) == [
            "payments/void-authorization": ["verify-before-money-moves"],
            "refunds/duplicate-charge": ["verify-before-money-moves"],
            "refunds/over-the-limit": ["refund-limit", "verify-before-money-moves"],
        ])
    }
}
