import Foundation
import SupportSimCore
import SupportSimRunner

/// Declared tools against built-in operations: the same read, once as `crm.get_customer` and
/// once as a declared `records` tool (`lookup_customer`), by an agent that makes one call per
/// turn. Declared tools must cost no more than built-in ones.
enum DeclaredToolBenchmarks {
    static func run(_ suite: Suite, jobs: Int?) async {
        guard let id = suite.world["customers"].records.first?["id"]?.stringValue else { return }
        var lookup = RecordsOperation(kind: .get, collection: "customers")
        lookup.key = "$customer_id"
        let tool = DeclaredTool(name: "lookup_customer", description: "A customer by id.",
                                parameters: [(name: "customer_id", schema: ParameterSchema(type: .string), required: true)],
                                implementation: .records(lookup), file: "bench")
        var declared = suite
        declared.declaredTools = [tool]
        declared.tools = suite.tools.adding([tool])

        let builtIn = OneCallAgent(operation: "crm.get_customer", arguments: ["customer_id": .string(id)])
        var t0 = ContinuousClock.now
        let a = await SuiteRunner(suite: suite, agent: builtIn, scorer: NoScorer()).run(RunOptions(jobs: jobs))
        let builtInTime = ContinuousClock.now - t0
        print(Benchmarks.row("built-in crm.get_customer per turn", builtInTime, turns: Benchmarks.customerTurns(a)))

        let own = OneCallAgent(operation: "lookup_customer", arguments: ["customer_id": .string(id)])
        t0 = ContinuousClock.now
        let b = await SuiteRunner(suite: declared, agent: own, scorer: NoScorer()).run(RunOptions(jobs: jobs))
        let declaredTime = ContinuousClock.now - t0
        print(Benchmarks.row("declared records tool lookup_customer per turn", declaredTime, turns: Benchmarks.customerTurns(b)))
        let failed = b.filter { $0.record.audit.contains { !$0.succeeded } }.count
        if failed > 0 { print("  warning: \(failed) conversations had a failed declared call") }
        print(String(format: "  declared / built-in time: %.2f", Benchmarks.seconds(declaredTime) / max(Benchmarks.seconds(builtInTime), 1e-9)))
    }
}

/// Makes the same single call on every message.
struct OneCallAgent: SupportAgent {
    let operation: String
    let arguments: [String: JSONValue]
    func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        _ = await tools.call(operation, arguments)
        return AgentReply(text: "Thanks, noted.", intent: "other")
    }
}
