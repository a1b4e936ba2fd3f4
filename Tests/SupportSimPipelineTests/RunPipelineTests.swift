import Foundation
import Testing
import SupportSimAdapters
import SupportSimCore
import SupportSimHistory
import SupportSimPipeline
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting

@Suite struct TheAgentIsAlwaysStopped {
    @Test func whenAStageAfterPlayThrows() async throws {
        let agent = RecordingAgent()
        let run = oneScenarioRun(try Fixtures.loadAcmeMini(), agent: agent, reports: FailingReportStage())
        let failure = await #expect(throws: RunFailure.self) { try await run.run() }
        #expect(failure?.status == .harnessFailure)
        #expect(failure?.message == "the disk is full")
        #expect(agent.events == ["start", "stop"])
    }

    @Test func whenItFailsToStart() async throws {
        let agent = RecordingAgent(refusesToStart: true)
        let run = oneScenarioRun(try Fixtures.loadAcmeMini(), agent: agent)
        let failure = await #expect(throws: RunFailure.self) { try await run.run() }
        #expect(failure == .harnessFailure("the agent could not start: the port is taken"))
        #expect(agent.events == ["start", "stop"])
    }

    @Test func afterARunThatFinishes() async throws {
        let agent = RecordingAgent()
        let outcome = try await oneScenarioRun(try Fixtures.loadAcmeMini(), agent: agent).run()
        #expect(outcome.record.results.count == 1)
        #expect(agent.events == ["start", "stop"])
    }
}

@Suite struct Failures {
    /// An agent no call ever reached could not take part: the harness failed (exit 3), which is
    /// not the agent failing its scenarios (exit 1).
    @Test func anUnreachableAgentIsAHarnessFailure() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let agent = RecordingHTTPAgent(HTTPAgent(url: "http://127.0.0.1:9/agent", timeoutMs: 2_000, tools: NoToolEndpoint()))
        let failure = await #expect(throws: RunFailure.self) { try await oneScenarioRun(suite, agent: agent).run() }
        #expect(failure?.status == .harnessFailure)
        #expect(failure?.status.rawValue == 3)
        #expect(failure?.message.hasPrefix("the agent could not be reached: ") == true)
        // The check fails inside the play stage, while the agent is running: it is stopped all the same.
        #expect(agent.events == ["start", "stop"])
    }

    @Test func aFilterThatMatchesNothingIsInvalidInput() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let agent = RecordingAgent()
        let request = RunRequest(filters: ["no-such-scenario"], out: Fixtures.temporaryFolder("reports"), keepsHistory: false)
        let run = RunPipeline(suite: suite, request: request,
                              environment: RunEnvironment(makeAgent: { _, _ in agent }, openHistory: { throw NoHistory() }))
        let failure = await #expect(throws: RunFailure.self) { try await run.run() }
        #expect(failure == .invalidInput("no scenario matches no-such-scenario"))
        #expect(failure?.status.rawValue == 2)
        // Refused before anything ran.
        #expect(agent.events.isEmpty)
    }
}

@Suite struct Gates {
    /// A drift gate is evaluated with the others, once, into the one list that the reports, the
    /// history and the exit code all read.
    @Test func aDriftGateAndAnOrdinaryGateAreOneVerdictList() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.gates = [Gate(metric: "scenario_pass_rate", min: 0), Gate(metric: "drift.regressions", max: 0)]
        let outcome = try await oneScenarioRun(suite, agent: RecordingAgent()).run()
        #expect(outcome.record.gates.map(\.gate.metric) == ["scenario_pass_rate", "drift.regressions"])
        #expect(outcome.record.gates.map(\.passed) == [true, false])
        // No baseline (acme-mini commits none, and there is no history): the drift gate has no value.
        #expect(outcome.record.gates[1].value == nil)
        #expect(outcome.warnings.contains { $0.hasPrefix("no baseline for the drift gates") })
        #expect(!outcome.passed)
        let results = try String(contentsOf: outcome.reportFolder.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(results.contains("drift.regressions"))
    }

    /// A shard's metrics cover only its part of the run: `merge` gates the whole.
    @Test func aShardEvaluatesNone() async throws {
        let suite = try Fixtures.loadAcmeMini()
        var request = RunRequest(out: Fixtures.temporaryFolder("reports"), keepsHistory: false)
        request.shard = ShardSpec(index: 1, count: 2)
        let agent = RecordingAgent()
        let run = RunPipeline(suite: suite, request: request,
                              environment: RunEnvironment(makeAgent: { _, _ in agent }, openHistory: { throw NoHistory() }))
        let outcome = try await run.run()
        #expect(outcome.record.gates.isEmpty)
        #expect(outcome.passed)
    }
}

@Suite struct HistoryAndDrift {
    /// The history stage stores the run; the drift stage, separately, reads the previous complete
    /// run back as the baseline when the suite commits none.
    @Test func theSecondRunDriftsAgainstTheFirstFromTheHistory() async throws {
        var suite = try Fixtures.loadAcmeMini()
        suite.config.gates = [Gate(metric: "drift.regressions", max: 0)]
        let database = Fixtures.temporaryFolder("history").appendingPathComponent("history.sqlite")
        func run() async throws -> RunOutcome {
            let request = RunRequest(filters: [suite.scenarios[0].id], out: Fixtures.temporaryFolder("reports"))
            let environment = RunEnvironment(makeAgent: { _, _ in RecordingAgent() },
                                             openHistory: { try SQLiteHistory.open(at: database) })
            return try await RunPipeline(suite: suite, request: request, environment: environment).run()
        }
        let first = try await run()
        #expect(first.record.gates.map(\.passed) == [false])
        let second = try await run()
        // The same agent, the same answers: nothing regressed against the first run.
        #expect(second.record.gates.map(\.value) == [0])
        #expect(second.passed)
        let store = try SQLiteHistory.open(at: database)
        #expect(try store.latestCompleteRun(suite: suite.config.name)?.id == second.record.info.id)
    }
}

@Suite struct Memory {
    /// A conversation's final world is journaled and scored, then let go: a large run would
    /// otherwise hold a copy of every table each conversation wrote.
    @Test func aFinishedRunHoldsNoFinalWorldButItsJournalHasThem() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let request = RunRequest(out: Fixtures.temporaryFolder("reports"), keepsHistory: false)
        let outcome = try await RunPipeline(suite: suite, request: request,
                                            environment: RunEnvironment(makeAgent: { _, _ in AcmeMiniScript.agent },
                                                                        openHistory: { throw NoHistory() })).run()
        #expect(outcome.passed)
        #expect(outcome.record.results.count == suite.scenarios.count)
        #expect(outcome.record.results.allSatisfy { $0.record.finalWorld.collections.isEmpty })
        let journal = try String(contentsOf: outcome.reportFolder.appendingPathComponent("journal.jsonl"), encoding: .utf8)
        let lines = journal.split(separator: "\n").dropFirst().map { try? JSONValue.parse(String($0)) }
        let changed = lines.compactMap { $0?["world"]?["changed"]?.objectValue }.filter { !$0.isEmpty }
        #expect(changed.count >= 2, "the conversations that refunded or opened a ticket journaled what they changed")
    }

    /// Passing conversations are kept as summaries, their report pieces spooled, while the
    /// journal, the history and results.json still have every transcript and audit log.
    @Test func passingConversationsAreKeptAsSummariesAndTheirRecordsStayWhole() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let out = Fixtures.temporaryFolder("reports")
        defer { try? FileManager.default.removeItem(at: out) }
        let history = try SQLiteHistory.open(at: out.appendingPathComponent("history.sqlite"))
        let request = RunRequest(out: out, keepsHistory: true)
        let outcome = try await RunPipeline(suite: suite, request: request,
                                            environment: RunEnvironment(makeAgent: { _, _ in AcmeMiniScript.agent },
                                                                        openHistory: { history })).run()
        let results = outcome.record.results
        #expect(results.allSatisfy { ($0.status == .pass) == ($0.spooled != nil) })
        #expect(results.filter { $0.spooled != nil }.allSatisfy { $0.record.audit.isEmpty })
        let json = try JSONValue.parse(Data(contentsOf: outcome.reportFolder.appendingPathComponent("results.json")))
        let audits = (json["scenarios"]?.arrayValue ?? []).map { $0["audit"]?.arrayValue?.count ?? 0 }
        #expect(audits.reduce(0, +) > 0, "results.json has the audit logs the run let go")
        let stored = try history.conversations(runID: outcome.record.info.id)
        #expect(stored.count == results.count)
        #expect(stored.map { $0.resultJSON["audit"]?.arrayValue?.count ?? 0 } == audits, "the history stored whole results")
        let left = try FileManager.default.contentsOfDirectory(atPath: outcome.reportFolder.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "the spool leaves no file in the run's folder")
    }
}
