import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting

/// Suites of many scenarios built from acme-mini's, and runs of scripted agents stored in a
/// history on disk: enough conversations per intent for the drift statistics to mean something.
enum SyntheticRuns {
    static let orders = "orders/where-is-my-order"
    static let billing = "billing/double-charge"

    /// `copies` of acme-mini's order-status and double-charge scenarios, ids `<id>~<n>`.
    static func suite(copies: Int) throws -> Suite {
        var s = try Fixtures.loadAcmeMini()
        let base = s.scenarios.filter { $0.id == orders || $0.id == billing }
        s.scenarios = (0..<copies).flatMap { n in
            base.map { sc in
                var c = sc
                c.id = "\(sc.id)~\(n)"
                return c
            }
        }
        return s
    }

    static func base(_ scenario: String) -> String { String(scenario.split(separator: "~")[0]) }

    /// acme-mini's scripted agent on the copies; `override` may answer a turn instead.
    static func agent(_ override: (@Sendable (TurnInput) -> AgentReply?)? = nil) -> any SupportAgent {
        let script = AcmeMiniScript.agent
        return ClosureAgent { turn, tools in
            if let reply = override?(turn) { return reply }
            var t = turn
            t.scenario = base(turn.scenario)
            return try await script.respond(to: t, tools: tools)
        }
    }

    /// An agent that answers order-status questions without looking anything up: it fails them all.
    static var worseOnOrders: any SupportAgent {
        agent { turn in
            base(turn.scenario) == orders ? AgentReply(text: "Your order should arrive soon.", intent: "order.status") : nil
        }
    }

    /// Runs `agent` on `suite` and stores the run, conversation by conversation, as the CLI does.
    @discardableResult
    static func run(_ agent: any SupportAgent, suite: Suite, store: any RunHistory, at date: Date) async throws -> RunRecord {
        let id = RunInfo.newID(at: date)
        let begun = RunInfo(id: id, suite: suite.config.name, agent: "scripted", startedAt: date, finishedAt: date,
                            repeatCount: 1, filters: [])
        try store.beginRun(begun, configHash: "test")
        let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(jobs: 4)) { p in
            if let r = p.latest { try? store.record(r, runID: id) }
        }
        var info = begun
        info.finishedAt = date.addingTimeInterval(1)
        let record = RunRecord(info: info, config: suite.config, results: results, invalid: [])
        try store.finishRun(record)
        return record
    }

    static func temporaryStore() throws -> (SQLiteHistory, URL) {
        let folder = Fixtures.temporaryFolder("history")
        return (try SQLiteHistory.open(at: folder.appendingPathComponent(".supportsim/history.sqlite")), folder)
    }
}
