import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `agent: {max_cost}` through the binary: the run says what it covered.
struct AgentLimitsCommandTests {
    static let agent = """
        import json, sys
        for line in sys.stdin:
            m = json.loads(line)
            if m.get("type") == "turn":
                print(json.dumps({"type": "reply", "conversation": m["conversation"], "text": "ok", "elapsed_ms": 100,
                                  "usage": {"input_tokens": 1000, "output_tokens": 0}}), flush=True)
        """

    static func suite(limits: String) throws -> URL {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let agent = suite.appendingPathComponent("agent.py")
        try Data(Self.agent.utf8).write(to: agent)
        let configURL = suite.appendingPathComponent("supportsim.yml")
        var config = try String(contentsOf: configURL, encoding: .utf8)
        config = config.replacingOccurrences(of: "agent: reference", with: "agent:\n  exec: [python3, \(agent.path)]\n\(limits)")
        config += "costs: {per_1k_input_tokens: 0.01, per_1k_output_tokens: 0.03}\n"
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        return suite
    }

    @Test func aRunAtItsCostBudgetReportsWhatItCovered() throws {
        let suite = try Self.suite(limits: "  max_concurrency: 1\n  max_cost: 0.05\n")
        let out = Fixtures.temporaryFolder("budget")
        let r = try SupportSimBinary.run(["run", suite.path, "--repeat", "10", "--out", out.path, "--no-history"])
        #expect(r.stderr.contains("stopped at its cost budget of 0.05"), "\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let budget = try #require(results["run"]?["budget"])
        let played = try #require(budget["played"]?.intValue)
        #expect(budget["planned"]?.intValue == 40)
        #expect(played < 40 && played == results["scenarios"]?.arrayValue?.count)
        #expect((budget["spent"]?.decimalValue ?? 0) >= Decimal(string: "0.05")!)
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("Not every conversation was played"))
    }

    @Test func limitsThatMakeNoSenseAreRefusedWhereTheyAreWritten() throws {
        let suite = try Self.suite(limits: "  max_cost: -1\n  max_concurrency: 0\n")
        let r = try SupportSimBinary.run(["validate", suite.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("supportsim.yml:") && r.stderr.contains("max_cost") && r.stderr.contains("max_concurrency"), "\(r.stderr)")
    }
}
