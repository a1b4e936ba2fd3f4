import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// Checks that can never pass are reported by `validate`, located, with a did-you-mean: an
/// intent no agent reports, a fact nobody asks for by that name, a rate gate written as a
/// percentage. Where failure is only likely (another agent's intents), it is a warning.
struct ForeseenFailureTests {
    static let world = "customers:\n  - {id: C-1, name: Ann Lee}\n"

    static func load(config: String = "", scenario: String) throws(SuiteLoadError) -> Suite {
        try SuiteLoader(root: Fixtures.suite([
            "supportsim.yml": "version: 1\n" + config, "scenarios/world/customers.yaml": world, "scenarios/x.yaml": scenario,
        ])).load()
    }

    static func problems(config: String = "", scenario: String = "turns: [{customer: Hi}]\n") -> [String] {
        do {
            _ = try load(config: config, scenario: scenario)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static func turn(_ expect: String) -> String { "turns:\n  - customer: Hi\n    expect: {\(expect)}\n" }

    // MARK: - Intents

    @Test func anIntentTheReferenceAgentNeverReportsIsAnError() {
        #expect(Self.problems(scenario: Self.turn("intent: billing.double_charged")) == [
            "scenarios/x.yaml:3:22: turns[0].expect.intent: no agent in this suite reports intent \"billing.double_charged\"; "
                + "did you mean \"billing.double_charge\"? (the reference agent's intents; an agent with others lists "
                + "them under intents: in supportsim.yml)",
        ])
    }

    @Test func anIntentGlobMustMatchSomeIntent() {
        #expect(Self.problems(scenario: Self.turn("intent: \"billing.*\"")) == [])
        #expect(Self.problems(scenario: Self.turn("intent: \"shipping.*\"")).first?.contains(
            "turns[0].expect.intent: \"shipping.*\" matches no intent the agent reports") == true)
    }

    @Test func aSuiteCanDeclareItsAgentsIntentsAsAListOrWithExamples() throws {
        let listed = try Self.load(config: "agent: {http: \"http://localhost:9\"}\nintents: [refunds.ask, other]\n",
                                   scenario: Self.turn("intent: refunds.ask"))
        #expect(listed.config.intents == ["refunds.ask": [], "other": []])
        #expect(listed.warnings.isEmpty)
        let examples = try Self.load(config: "intents:\n  refunds.ask: [\"I want my money back\"]\n",
                                     scenario: Self.turn("intent: refunds.ask"))
        #expect(examples.config.intents == ["refunds.ask": ["I want my money back"]])
        // Declared intents replace the reference taxonomy, and a miss is then certain.
        #expect(Self.problems(config: "intents: [refunds.ask]\n", scenario: Self.turn("intent: order.status")) == [
            "scenarios/x.yaml:3:22: turns[0].expect.intent: no agent in this suite reports intent \"order.status\" "
                + "(the intents declared under intents: in supportsim.yml)",
        ])
    }

    @Test func anotherAgentWithoutDeclaredIntentsGetsAWarningAndTheSuiteStillLoads() throws {
        let suite = try Self.load(config: "agent: {exec: [python3, agent.py]}\n", scenario: Self.turn("intent: billing.refund"))
        #expect(suite.warnings.map(\.description) == [
            "scenarios/x.yaml:3:22: warning: turns[0].expect.intent: the agent may not report intent \"billing.refund\"; "
                + "did you mean \"billing.refund_request\"? (checked against the reference agent's intents; list your "
                + "agent's under intents: in supportsim.yml)",
        ])
        #expect(suite.scenarios.count == 1)
    }

    // MARK: - Facts

    @Test func aMisspeltFactIsAnError() {
        #expect(Self.problems(scenario: Self.turn("asks_for: oder_id")) == [
            "scenarios/x.yaml:3:24: turns[0].expect.asks_for: \"oder_id\" is not a fact the simulated customer "
                + "understands; did you mean \"order_id\"?",
        ])
    }

    @Test func aFactTheScenarioNamesUnderKnowsIsUnderstood() throws {
        let suite = try Self.load(scenario: "knows: {account_number: \"123\"}\n" + Self.turn("asks_for: [account_number, last4]"))
        #expect(suite.warnings.isEmpty)
    }

    @Test func anUnknownFactFarFromAnyNameIsAWarning() throws {
        let suite = try Self.load(scenario: Self.turn("asks_for: membership_number"))
        #expect(suite.warnings.map(\.description).first?.hasPrefix(
            "scenarios/x.yaml:3:24: warning: turns[0].expect.asks_for: \"membership_number\" is not a fact the simulated "
                + "customer understands; it is matched only by the words \"membership number\"") == true)
    }

    // MARK: - Gates

    @Test(arguments: [("min: 90", "min", "90", "0.9"), ("max: 95", "max", "95", "0.95"), ("min: 100", "min", "100", "1")])
    func aRateGateWrittenAsAPercentageIsAnError(_ bound: String, _ key: String, _ value: String, _ meant: String) {
        #expect(Self.problems(config: "gates:\n  scenario_pass_rate: {\(bound)}\n") == [
            "supportsim.yml:3:29: gates.scenario_pass_rate.\(key): rates are between 0 and 1, found \(value); did you mean \(meant)?",
        ])
    }

    @Test func gatesOnCountsAndTimesTakeAnyNumber() {
        #expect(Self.problems(config: "gates:\n  frt_ms.p95: {max: 30000}\n  drift.regressions: {max: 0}\n  flaky: {max: 0.1}\n") == [])
    }
}
