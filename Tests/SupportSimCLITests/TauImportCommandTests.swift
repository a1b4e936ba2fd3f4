import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `supportsim import tau-bench` and a run of what it wrote, as a user would do it.
@Suite(.serialized, .enabled(if: TauBenchData.shouldRun, "needs tau-bench's data at ../shared/tau-bench"))
struct TauImportCommandTests {
    func imported(_ domain: String, trajectories: String?) throws -> URL {
        let out = Fixtures.temporaryFolder("tau-\(domain)").appendingPathComponent("suite")
        var args = ["import", "tau-bench", "--domain", domain, "--from", try TauBenchData.domain(domain).path, "--out", out.path]
        if let trajectories {
            args += ["--trajectories", try TauBenchData.domain(domain).appendingPathComponent("trajectories/\(trajectories)").path]
        }
        let r = try SupportSimBinary.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    @Test func anImportedAirlineRecordingValidatesAndReplaysToItsRecordedRewards() throws {
        let suite = try imported("airline", trajectories: "gpt-4o-trials-0-1.json")
        let v = try SupportSimBinary.run(["validate", suite.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let out = Fixtures.temporaryFolder("tau-airline-run")
        let r = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q"])
        // gpt-4o solved 43 of the 100 episodes, so the run fails without gates.
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let scenarios = try #require(results["scenarios"]?.arrayValue)
        #expect(scenarios.count == 100)
        for s in scenarios {
            let tau = try #require(s["tau"], "\(s["id"]?.stringValue ?? "?") has no tau result")
            #expect(tau["reward"] == tau["recorded_reward"], "\(s["id"]?.stringValue ?? "?")")
            #expect(tau["outputs_matched"] == tau["outputs_total"], "\(s["id"]?.stringValue ?? "?")")
            #expect((s["status"] == "pass") == (tau["reward"] == 1))
        }
        #expect(results["metrics"]?["tau"]?["pass_hat"]?["1"] == .number(Decimal(string: "0.43")!))
        #expect(results["metrics"]?["tau"]?["pass_hat"]?["2"] == .number(Decimal(string: "0.24")!))
        #expect(results["metrics"]?["tau"]?["rewards_equal_recorded"] == 100)
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("pass^2"))
        // The policy the agent is given grounds what it states ("24 hours", "$30 per passenger"),
        // and the policy's "current time" sets the clock, so "May 20" is read in 2024.
        let config = try String(contentsOf: suite.appendingPathComponent("supportsim.yml"), encoding: .utf8)
        #expect(config.contains("2024-05-15T15:00:00-05:00"))
        let flagged = scenarios.flatMap { $0["hallucinations"]?.arrayValue ?? [] }
        #expect(!flagged.contains { $0["claim"] == "24 hours" || $0["claim"] == "5 to 7 business days" })
        #expect(!flagged.contains { ($0["sentence"]?.stringValue ?? "").contains("travel insurance for $30 per passenger") })
        #expect(!flagged.isEmpty, "gpt-4o invents some amounts in these episodes (docs/tau-bench.md)")
    }

    @Test func aTauSuitesPoliciesAndChecksNameTauTools() throws {
        let suite = try imported("airline", trajectories: "gpt-4o-trials-0-1.json")
        let policies = suite.appendingPathComponent("scenarios/policies.yaml")
        try Data("""
            policies:
              - {id: no-bookings, description: The agent never books., severity: major, never_call: book_reservaton}
            """.utf8).write(to: policies)
        let typo = try SupportSimBinary.run(["validate", suite.path])
        #expect(typo.status == 2)
        #expect((typo.stdout + typo.stderr).contains("unknown tool \"book_reservaton\"; did you mean \"book_reservation\"?"), "\(typo.stderr)")
        try Data("""
            policies:
              - {id: no-bookings, description: The agent never books., severity: major, never_call: book_reservation}
            """.utf8).write(to: policies)
        let out = Fixtures.temporaryFolder("tau-airline-policies")
        let r = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        var booked = 0
        for s in try #require(results["scenarios"]?.arrayValue) {
            let bookings = (s["audit"]?.arrayValue ?? []).filter { $0["operation"] == "book_reservation" }.count
            let violations = (s["violations"]?.arrayValue ?? []).filter { $0["policy"] == "no-bookings" }.count
            #expect(violations == bookings, "\(s["id"]?.stringValue ?? "?")")
            booked += bookings
        }
        #expect(booked > 0)
    }

    @Test func taskScenariosWithoutARecordingSayTheyNeedAModelDrivenCustomer() throws {
        let suite = try imported("retail", trajectories: nil)
        let v = try SupportSimBinary.run(["validate", suite.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("needs a model-driven customer") || v.stderr.contains("needs a model-driven customer"))
        let out = Fixtures.temporaryFolder("tau-retail-run")
        let r = try SupportSimBinary.run(["run", suite.path, "--agent", "http:http://127.0.0.1:9/agent", "--out", out.path, "--no-history", "-q",
                                          "--filter", "task-1"])
        #expect(r.status == 1)
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let s = try #require(results["scenarios"]?.arrayValue?.first)
        #expect(s["status"] == "error")
        #expect(s["error"]?.stringValue?.contains("model-driven customer") == true)
    }

    /// With a customer model configured, a task without a recording is played as tau-bench plays
    /// it: the model is given the task's instruction and talks until it says ###STOP###.
    @Test(.enabled(if: ExternalClients.requireAll || ExternalClients.python3 != nil, "needs python3 for the fake model server"),
          .timeLimit(.minutes(2)))
    func aModelDrivenCustomerPlaysATaskFromItsInstruction() throws {
        let server = try FakeModelServer([
            .init("customer", when: "How can I help you today?", reply: "Hi, I'd like to exchange something I ordered."),
            .init("customer", when: "email", reply: "###STOP###"),
            .init("agent", when: "exchange", reply: "I can help with that. What is your email address?"),
        ])
        defer { server.stop() }
        let suite = try imported("retail", trajectories: nil)
        let config = suite.appendingPathComponent("supportsim.yml")
        let original = try String(contentsOf: config, encoding: .utf8)
        let customerModel = "\ncustomer_model: {base_url: \"\(server.baseURL)\", model: fake-user, temperature: 0}\n"
        try Data((original + customerModel).utf8).write(to: config)
        let v = try SupportSimBinary.run(["validate", suite.path])
        #expect(v.status == 0 && !(v.stdout + v.stderr).contains("needs a model-driven customer"), "\(v.stdout)\(v.stderr)")
        let agent = "agent: {openai: {base_url: \"\(server.baseURL)\", model: fake-agent, api_key_env: FAKE_KEY}}\n"
        try Data((original + customerModel + agent).utf8).write(to: config)
        let out = Fixtures.temporaryFolder("tau-retail-model")
        let r = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q", "--filter", "task-1", "--live"],
                                         environment: ["FAKE_KEY": "k"])
        #expect(r.status == 1, "the agent only asks for an email, so the task is not solved: \(r.stdout)\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let s = try #require(results["scenarios"]?.arrayValue?.first)
        #expect(s["error"] == nil, "\(s["error"]?.stringValue ?? "")")
        #expect(s["tau"]?["end"] == "customer-stopped" && s["tau"]?["reward"] == 0, "\(s["tau"]?.jsonText() ?? "")")
        #expect(s["transcript"]?.arrayValue?.first?["text"] == "Hi, I'd like to exchange something I ordered.")
        let instruction = try JSONValue.parse(Data(contentsOf: TauBenchData.domain("retail").appendingPathComponent("tasks.json")))
            .arrayValue?[1]["instruction"]?.stringValue ?? "?"
        let first = try #require(try server.requests().first { $0["role"] == "customer" })
        #expect(first["system"]?.stringValue?.contains(instruction) == true, "the task's instruction is the customer's brief")
    }

    @Test func importRefusesToOverwriteASuite() throws {
        let suite = try imported("retail", trajectories: nil)
        let again = try SupportSimBinary.run(["import", "tau-bench", "--domain", "retail", "--from",
                                              try TauBenchData.domain("retail").path, "--out", suite.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a suite"))
    }

    @Test func theReferenceAgentSaysItServesTheSupportDomainOnly() throws {
        let suite = try imported("retail", trajectories: "generated-tasks-0-56.json")
        let r = try SupportSimBinary.run(["run", suite.path, "--agent", "reference", "--out", Fixtures.temporaryFolder("r").path, "--no-history"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("reference agent works on the support domain"))
    }
}
