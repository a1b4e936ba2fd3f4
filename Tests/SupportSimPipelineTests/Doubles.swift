import Foundation
import Synchronization
import SupportSimAdapters
import SupportSimCore
import SupportSimDrift
import SupportSimHistory
import SupportSimPipeline
import SupportSimRunner
import SupportSimTesting

/// An agent that says "Okay." to everything and records when it is started and stopped.
final class RecordingAgent: SupportAgent {
    private let log = Mutex<[String]>([])
    private let refusesToStart: Bool

    init(refusesToStart: Bool = false) { self.refusesToStart = refusesToStart }

    var events: [String] { log.withLock { $0 } }

    func start() async throws {
        log.withLock { $0.append("start") }
        if refusesToStart { throw AgentFailure("the port is taken") }
    }

    func stop() async { log.withLock { $0.append("stop") } }

    func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply { AgentReply(text: "Okay.") }
}

/// A report stage that fails, standing for any stage after play that throws.
struct FailingReportStage: ReportStage {
    struct DiskFull: Error, CustomStringConvertible { var description: String { "the disk is full" } }
    func write(_ record: RunRecord, drift: DriftReport?, trend: [TrendPoint], to out: URL) throws -> URL { throw DiskFull() }
}

/// Tools for an http agent that is never reached: nothing listens.
struct NoToolEndpoint: ToolEndpoint {
    func start() async throws -> String { "http://127.0.0.1:9" }
    func stop() async {}
    func register(_ conversation: String, _ tools: any ToolGateway) {}
    func unregister(_ conversation: String) {}
}

struct NoHistory: Error {}

/// The contract's example suite, one scenario of it, no history, reports in a fresh folder.
func oneScenarioRun(_ suite: Suite, agent: any SupportAgent, reports: any ReportStage = StandardReportStage())
    -> RunPipeline
{
    let request = RunRequest(filters: [suite.scenarios[0].id], out: Fixtures.temporaryFolder("reports"), keepsHistory: false)
    let environment = RunEnvironment(makeAgent: { _, _ in agent }, openHistory: { throw NoHistory() }, reports: reports)
    return RunPipeline(suite: suite, request: request, environment: environment)
}

/// An http agent that records when it is started and stopped, and reports its reachability as
/// the agent it wraps does: a run that it fails stops inside the play stage, before the agent.
final class RecordingHTTPAgent: SupportAgent, ReachabilityReporting {
    let inner: HTTPAgent
    private let log = Mutex<[String]>([])

    init(_ inner: HTTPAgent) { self.inner = inner }

    var events: [String] { log.withLock { $0 } }
    var reachability: Reachability { inner.reachability }
    var chargesWallTime: Bool { inner.chargesWallTime }

    func start() async throws {
        log.withLock { $0.append("start") }
        try await inner.start()
    }

    func stop() async {
        log.withLock { $0.append("stop") }
        await inner.stop()
    }

    func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        try await inner.respond(to: turn, tools: tools)
    }

    func endConversation(_ conversation: String) async { await inner.endConversation(conversation) }
}
