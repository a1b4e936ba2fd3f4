import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// The command line as CI sees it: the built binary, its output and its exit codes.
@Suite(.serialized)
struct CommandLineTests {
    @Test func validateAValidSuitePrintsOneLineAndExitsZero() throws {
        let r = try SupportSimBinary.run(["validate", Fixtures.acmeMini.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Acme mini: valid — 4 scenarios, 5 turns, 13 world records, 2 articles, 5 policies\n")
    }

    @Test func validateListsEveryProblemAndExitsTwo() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try Data("turns: []\nchanel: chat\n".utf8).write(to: root.appendingPathComponent("scenarios/bad.yaml"))
        let r = try SupportSimBinary.run(["validate", root.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("scenarios/bad.yaml:1:8: turns: expected at least 1 item, found 0"))
        #expect(r.stderr.contains("scenarios/bad.yaml:2:1: unknown key \"chanel\"; did you mean \"channel\"?"))
    }

    @Test func runExitsZeroWhenEveryGatePasses() throws {
        let out = Fixtures.temporaryFolder("reports")
        let r = try SupportSimBinary.run(["run", Fixtures.copy(Fixtures.acmeMini).path, "--out", out.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        #expect(results["scenarios"]?.arrayValue?.count == 4)
        #expect(results["run"]?["agent"] == "reference")
    }

    @Test func runExitsOneWhenAScenarioFailsAndNoGatesAreSet() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try Data("name: No gates\n".utf8).write(to: root.appendingPathComponent("supportsim.yml"))
        try Data("turns:\n  - customer: Hello\n    expect: {mentions: [\"a phrase no agent says\"]}\n".utf8)
            .write(to: root.appendingPathComponent("scenarios/impossible.yaml"))
        let r = try SupportSimBinary.run(["run", root.path, "--out", Fixtures.temporaryFolder("r").path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("FAIL impossible#1 — turn 0: mentions: expected a phrase no agent says"))
    }

    @Test func runExitsOneWhenAGateFails() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try Data("name: Strict\ngates:\n  automation_rate: {min: 0.99}\n".utf8).write(to: root.appendingPathComponent("supportsim.yml"))
        let r = try SupportSimBinary.run(["run", root.path, "--out", Fixtures.temporaryFolder("r").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL  automation_rate = 0.5  (min 0.99)"))
    }

    @Test(arguments: [["run", "--jobs", "0"], ["run", "--agent", "telepathy"], ["frobnicate"], ["run", "/no/such/suite"]])
    func invalidInputExitsTwo(_ args: [String]) throws {
        let r = try SupportSimBinary.run(args, in: Fixtures.copy(Fixtures.acmeMini))
        #expect(r.status == 2, "\(r.stderr)")
    }

    @Test func anInvalidSuiteIsNotRunUnlessSkipInvalid() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try Data("turns: 3\n".utf8).write(to: root.appendingPathComponent("scenarios/broken.yaml"))
        let out = Fixtures.temporaryFolder("r")
        #expect(try SupportSimBinary.run(["run", root.path, "--out", out.path]).status == 2)
        let skipped = try SupportSimBinary.run(["run", root.path, "--out", out.path, "--skip-invalid"])
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let broken = results["scenarios"]?.arrayValue?.first { $0["id"] == "broken" }
        #expect(broken?["status"] == "invalid")
        #expect(skipped.status == 1, "an invalid scenario is never a pass")
    }

    @Test func anAgentThatCannotStartExitsThree() throws {
        let r = try SupportSimBinary.run(["run", Fixtures.copy(Fixtures.acmeMini).path, "--agent", "exec:/no/such/agent-binary",
                                          "--out", Fixtures.temporaryFolder("r").path])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("the agent could not start"))
    }

    @Test func anExecAgentsStderrIsKeptBesideTheReports() throws {
        let agent = Fixtures.temporaryFolder("agent").appendingPathComponent("agent.py")
        try Data("""
            import json, sys
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "turn":
                    sys.stderr.write("thinking about " + m["scenario"] + "\\n"); sys.stderr.flush()
                    print(json.dumps({"type": "reply", "conversation": m["conversation"], "text": "ok"}), flush=True)
            """.utf8).write(to: agent)
        let out = Fixtures.temporaryFolder("r")
        _ = try SupportSimBinary.run(["run", Fixtures.copy(Fixtures.acmeMini).path, "--agent", "exec:python3 \(agent.path)",
                                      "--out", out.path, "--no-history"])
        let log = try String(contentsOf: out.appendingPathComponent("latest/agent-stderr.log"), encoding: .utf8)
        #expect(log.contains("thinking about orders/where-is-my-order"))
    }

    @Test func initWritesAStarterSuiteThatPassesAtOnce() throws {
        let dir = Fixtures.temporaryFolder("init")
        let created = try SupportSimBinary.run(["init", dir.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try SupportSimBinary.run(["validate", dir.path]).status == 0)
        let run = try SupportSimBinary.run(["run", dir.path], in: dir)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("reports/latest/results.json").path))
        #expect(try SupportSimBinary.run(["init", dir.path]).status == 2, "init never overwrites")
    }

    @Test func theSameRunTwiceGivesTheSameResults() throws {
        func results() throws -> String {
            let out = Fixtures.temporaryFolder("r")
            _ = try SupportSimBinary.run(["run", Fixtures.copy(Fixtures.acmeMini).path, "--out", out.path])
            var json = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
            if case .object(var o) = json { o["run"] = nil; json = .object(o) }
            return json.jsonText()
        }
        #expect(try results() == results())
    }
}
