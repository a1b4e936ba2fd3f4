import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// A suite's names are checked against its own domain's tools: tools.md's operations in a
/// support suite, the function schemas of `tau.data/tools.json` in a tau suite.
struct DomainToolsTests {
    /// Three airline tools, as tau-bench's tools.json writes them.
    static let tools = """
        [
          {"type": "function", "function": {"name": "get_user_details", "description": "Get the details of a user.",
            "parameters": {"type": "object", "properties": {"user_id": {"type": "string"}}, "required": ["user_id"]}}},
          {"type": "function", "function": {"name": "book_reservation", "description": "Book a reservation.",
            "parameters": {"type": "object", "properties": {
              "user_id": {"type": "string"}, "cabin": {"type": "string", "enum": ["basic_economy", "economy", "business"]},
              "total_baggages": {"type": "integer"}, "passengers": {"type": "array", "items": {"type": "object"}},
              "flight_numbers": {"type": "array", "items": {"type": "string"}}},
              "required": ["user_id", "cabin"]}}},
          {"type": "function", "function": {"name": "send_certificate", "description": "Send a certificate.",
            "parameters": {"type": "object", "properties": {"user_id": {"type": "string"}, "amount": {"type": "number"}},
              "required": ["user_id", "amount"]}}}
        ]
        """

    static func files(scenario: String, policies: String? = nil, tools: String? = Self.tools) -> [String: String] {
        var files = [
            "supportsim.yml": "version: 1\ndomain: tau-airline\ntau: {data: tau}\n",
            "scenarios/x.yaml": scenario,
        ]
        if let tools { files["tau/tools.json"] = tools }
        if let policies { files["scenarios/policies.yaml"] = policies }
        return files
    }

    static func problems(_ files: [String: String]) -> [String] {
        do {
            _ = try SuiteLoader(root: Fixtures.suite(files)).load()
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    static func scenario(_ rest: String) -> String { "tau: {task_id: 0}\nturns: [{customer: Hi}]\n" + rest }

    @Test func aTauSuiteNamesItsOwnToolsInExpectationsPoliciesAndFaults() throws {
        let root = Fixtures.suite(Self.files(
            scenario: Self.scenario("""
                faults: [{operation: get_user_details, error: unavailable, times: 1}]
                expect:
                  actions: [{call: book_reservation, args: {user_id: mia_li_3668, cabin: economy, total_baggages: 1}}]
                  forbidden_actions: [send_*]
                """),
            policies: """
                policies:
                  - {id: look-up-first, description: d, severity: major,
                     requires_before: {action: book_reservation, prior: get_user_details, same_customer: true}}
                  - {id: small-certificates, description: d, severity: major, limit: {action: send_certificate, arg: amount, max: 300}}
                  - {id: no-certificates, description: d, severity: minor, never_call: send_*}
                """))
        let suite = try SuiteLoader(root: root).load()
        #expect(suite.tools.names == ["get_user_details", "book_reservation", "send_certificate"])
        #expect(suite.tools.customerArguments == ["user_id"])
        #expect(suite.tools.spec("book_reservation")?.argument("passengers")?.type == .list)
        #expect(suite.tools.spec("book_reservation")?.argument("flight_numbers")?.type == .stringList)
        #expect(suite.scenarios.first?.expect.actions.map(\.call) == ["book_reservation"])
        #expect(suite.policies.count == 3)
    }

    @Test func aToolNameOutsideTheSuitesDomainIsAnErrorWithTheClosestOfItsTools() {
        #expect(Self.problems(Self.files(scenario: Self.scenario("expect: {actions: [{call: book_reservaton}]}\n"))) == [
            "scenarios/x.yaml:3:27: expect.actions[0].call: unknown tool \"book_reservaton\"; did you mean \"book_reservation\"?",
        ])
        #expect(Self.problems(Self.files(scenario: Self.scenario("expect: {forbidden_actions: [billing.refund, crm.*]}\n"))) == [
            "scenarios/x.yaml:3:30: expect.forbidden_actions[0]: unknown tool \"billing.refund\" (not in tau/tools.json)",
            "scenarios/x.yaml:3:46: expect.forbidden_actions[1]: \"crm.*\" matches no tool in tau/tools.json",
        ])
    }

    @Test func argumentsAreCheckedAgainstTheToolsSchema() {
        let problems = Self.problems(Self.files(scenario: Self.scenario(
            "expect: {actions: [{call: book_reservation, args: {user: mia, total_baggages: two}}]}\n")))
        #expect(problems == [
            "scenarios/x.yaml:3:58: expect.actions[0].args.user: book_reservation has no argument \"user\"; did you mean "
                + "\"user_id\"? (its arguments: cabin, flight_numbers, passengers, total_baggages, user_id)",
            "scenarios/x.yaml:3:79: expect.actions[0].args.total_baggages: expected a whole number, found \"two\"",
        ])
    }

    @Test func aTauSuiteWithoutToolSchemasSaysWhereTheyBelong() {
        #expect(Self.problems(Self.files(scenario: Self.scenario(""), tools: nil)) == [
            "tau/tools.json:1:1: no such file: a tau-airline suite's tools are the function schemas in tau.data's tools.json, "
                + "as tau-bench's data has them (supportsim import tau-bench copies it)",
        ])
        #expect(Self.problems(Self.files(scenario: Self.scenario(""), tools: "[\n  {\"type\": \"function\",\n   oops}\n]")) == [
            "tau/tools.json:3:4: invalid JSON: expected a string key",
        ])
        #expect(Self.problems(Self.files(scenario: Self.scenario(""), tools: "[{\"type\": \"function\", \"function\": {}}]")) == [
            "tau/tools.json:1:1: tool 1: expected a function schema with a name, found {\"function\":{},\"type\":\"function\"}",
        ])
    }

    @Test func checksOnTheSupportWorldAreRefusedInATauSuiteRatherThanNeverFailing() {
        let problems = Self.problems(Self.files(
            scenario: Self.scenario("""
                world: {customers: [{id: C-1, name: Ann}]}
                faults: [{operation: get_user_details, latency_ms: 500}]
                expect: {state: {tickets: {count: 1}}}
                """),
            policies: """
                policies:
                  - {id: vip, description: d, severity: major, must_escalate: {tier: [vip]}}
                """))
        #expect(problems.count == 4)
        #expect(problems.contains { $0.hasPrefix("scenarios/x.yaml:3:8: world: a tau-airline scenario has no world of its own") })
        #expect(problems.contains { $0.hasPrefix("scenarios/x.yaml:4:52: faults[0].latency_ms: a tau-airline episode has no clock") })
        #expect(problems.contains { $0.hasPrefix("scenarios/x.yaml:5:17: expect.state: state checks name the support domain's collections") })
        #expect(problems.contains { $0.hasPrefix("scenarios/policies.yaml:2:70: policies[0].must_escalate.tier: tier is a customer's tier") })
    }

    @Test func tauDataOutsideTheSuiteIsNotRead() {
        var files = Self.files(scenario: Self.scenario(""))
        files["supportsim.yml"] = "version: 1\ndomain: tau-airline\ntau: {data: ../elsewhere}\n"
        let problems = Self.problems(files)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("supportsim.yml:3:13: tau.data: tau data path \"../elsewhere\"") == true)
    }

    @Test func aLimitOnAnArgumentNoneOfItsToolsTakesIsAnError() {
        let policies = """
            policies:
              - {id: cap, description: d, severity: major, limit: {action: send_certificate, arg: amout, max: 300}}
            """
        #expect(Self.problems(Self.files(scenario: Self.scenario(""), policies: policies)) == [
            "scenarios/policies.yaml:2:87: policies[0].limit.arg: no tool this limit covers takes an argument \"amout\"; "
                + "did you mean \"amount\"? (their arguments: amount, user_id)",
        ])
    }

    @Test func aSupportSuiteStillSpeaksOfOperations() {
        let problems = ForeseenFailureTests.problems(scenario: "turns: [{customer: Hi}]\nexpect: {forbidden_actions: [book_reservation]}\n")
        #expect(problems == ["scenarios/x.yaml:2:30: expect.forbidden_actions[0]: unknown operation \"book_reservation\""])
    }
}
