import Foundation
import Synchronization
import SupportSimAgents
import SupportSimCore
import SupportSimJournal
import SupportSimRunner
import SupportSimScoring
import SupportSimSuite
import SupportSimTesting
import Testing

/// A journal line holds a played conversation whole: read back and scored again, it gives the
/// result the conversation gave when it was played. This is what lets `run --resume` and
/// `merge` produce the same results as one uninterrupted, unsharded run.
struct PlayedConversationTests {
    /// Plays `suite` with the reference agent and keeps each conversation's journal line.
    static func playAndJournal(_ suite: Suite) async -> [(result: ScenarioResult, line: JSONValue)] {
        let lines = Mutex<[String: JSONValue]>([:])
        let results = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(finished: { result, world in
            let line = PlayedConversation.encode(result.record, startingWorld: world)
            lines.withLock { $0["\(result.id)#\(result.trial)"] = line }
        })
        let byKey = lines.withLock { $0 }
        return results.map { ($0, byKey["\($0.id)#\($0.trial)"]!) }
    }

    static func readBack(_ line: JSONValue, in suite: Suite) throws -> ConversationRecord {
        // Through the journal's text, as a resumed run reads it.
        let text = line.jsonText()
        let parsed = try JSONValue.parse(text)
        let key = try PlayedConversation.key(of: parsed)
        let scenario = try #require(suite.scenarios.first { $0.id == key.scenario })
        return try PlayedConversation.decode(parsed, scenario: scenario, startingWorld: suite.world.overlaid(with: scenario.world))
    }

    @Test func everyConversationOfTheBundledSuiteScoresTheSameReadBack() async throws {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let played = await Self.playAndJournal(suite)
        #expect(played.count == suite.scenarios.count)
        let scorer = StandardScorer(suite: suite)
        var worldsChanged = 0
        for (original, line) in played {
            let record = try Self.readBack(line, in: suite)
            let rescored = scorer.score(record)
            #expect(ScenarioResultJSON.encode(rescored) == ScenarioResultJSON.encode(original), "\(original.id) scores differently read back")
            #expect(record.finalWorld.collections == original.record.finalWorld.collections, "\(original.id)'s final world differs")
            #expect(record.start == original.record.start)
            #expect(record.wallMs == original.record.wallMs && record.wallMs != nil, "junit.xml's time comes back too")
            let start = suite.world.overlaid(with: original.record.scenario.world)
            if start.collections != original.record.finalWorld.collections { worldsChanged += 1 }
        }
        // The suite's refunds, cancellations and tickets change the world: the delta is exercised.
        #expect(worldsChanged > 10)
    }

    @Test func aLineHoldsOnlyTheChangedRecordsNotTheWholeWorld() async throws {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let played = await Self.playAndJournal(suite)
        let worldText = suite.world.collections.values.flatMap(\.records).map { JSONValue.object($0).jsonText() }.joined()
        for (_, line) in played {
            #expect(line["world"]!.jsonText().utf8.count < worldText.utf8.count / 4)
        }
    }

    @Test func aRemovedRecordAndANewCollectionComeBackInTheirOrder() throws {
        let suite = try SuiteLoader(root: Fixtures.acmeMini).load()
        let scenario = suite.scenarios[0]
        let start = suite.world.overlaid(with: scenario.world)
        var final = start
        let customers = final["customers"]
        let firstID = try #require(customers.records.first?["id"]?.stringValue)
        var table = customers
        table.remove(id: firstID)
        table.upsert(["id": "CUS-NEW", "name": "New"])
        final["customers"] = table
        final["loyalty_cards"] = RecordTable([["id": "L-1", "points": .number(Decimal(string: "12.50")!)]])
        final.collections["products"] = nil
        let record = ConversationRecord(scenario: scenario, trial: 2, conversationID: "c", start: Date(timeIntervalSinceReferenceDate: 123.456),
                                        transcript: [], audit: [], finalWorld: final, handoff: nil, handoffTurn: nil,
                                        endReason: .scriptDone, error: nil, endMs: 5)
        let back = try PlayedConversation.decode(try JSONValue.parse(PlayedConversation.encode(record, startingWorld: start).jsonText()),
                                                 scenario: scenario, startingWorld: start)
        #expect(back.finalWorld.collections == final.collections)
        #expect(back.finalWorld["customers"].records.map { $0["id"]?.stringValue } == table.records.map { $0["id"]?.stringValue })
        #expect(back.trial == 2 && back.endMs == 5 && back.start == record.start)
    }

    @Test func aLineOfAnotherShapeIsRefusedNamingTheField() throws {
        let suite = try SuiteLoader(root: Fixtures.acmeMini).load()
        let scenario = suite.scenarios[0]
        let line: JSONValue = ["scenario": .string(scenario.id), "trial": 1, "conversation": "c", "start": "0",
                               "transcript": [["speaker": "robot"]], "world": ["changed": [:], "removed": []],
                               "end_reason": "script_done", "end_ms": 0]
        #expect {
            try PlayedConversation.decode(line, scenario: scenario, startingWorld: suite.world)
        } throws: { error in
            "\(error)".contains("transcript[0]")
        }
    }

    /// The journal is written from bytes encoded directly, not from the tree: the two must agree
    /// byte for byte, for every conversation of the bundled suite (faults, refunds, hand-offs)
    /// and for a record with every optional field set.
    @Test func theDirectLineIsTheTreesCompactText() async throws {
        let suite = try SuiteLoader(root: Fixtures.bundledSuite).load()
        let lines = Mutex<[(tree: String, direct: String)]>([])
        _ = await SuiteRunner(suite: suite, agent: ReferenceAgent(suite: suite)).run(finished: { result, world in
            let tree = PlayedConversation.encode(result.record, startingWorld: world).jsonText()
            let direct = String(decoding: PlayedConversation.line(result.record, startingWorld: world), as: UTF8.self)
            lines.withLock { $0.append((tree, direct)) }
        })
        let all = lines.withLock { $0 }
        #expect(all.count == suite.scenarios.count)
        for (tree, direct) in all { #expect(direct == tree) }
        #expect(all.contains { $0.direct.contains("\"error\":{\"code\"") }, "a failed call is among them")

        let scenario = suite.scenarios[0]
        let usage = TokenUsage(inputTokens: 12, outputTokens: 7)
        let handoff = Handoff(reason: "legal", priority: "high", summary: "Wants a lawyer \"now\"", intent: "complaint",
                              customerID: "C-1", actionsTaken: ["crm.get_customer"], nextStep: "call back")
        let reply = AgentReply(text: "Line\nbreak <b>", intent: "billing", confidence: Decimal(string: "0.875")!, escalate: handoff,
                               citations: ["refund-policy"], usage: usage, trace: [TraceStep(agent: "intent", decision: "billing")],
                               elapsedMs: 40)
        let audit = [
            AuditEntry(seq: 0, atMs: 10, operation: "billing.refund", arguments: ["amount": .number(Decimal(string: "49.90")!), "z": .null],
                       outcome: .failure(ToolError(.notFound, "no charge")), latencyMs: 3, actor: "billing"),
            AuditEntry(seq: 1, atMs: 20, operation: "crm.get_customer", arguments: ["customer_id": "C-1"],
                       outcome: .success(["id": "C-1", "tags": ["a", "b"]]), latencyMs: -1),
        ]
        let start = suite.world.overlaid(with: scenario.world)
        var record = ConversationRecord(
            scenario: scenario, trial: 3, conversationID: "conv-1", start: Date(timeIntervalSinceReferenceDate: 1.25),
            transcript: [TranscriptEntry(speaker: .customer, text: "Hi", atMs: 0, turn: 0, scriptedTurn: 0, scripted: true),
                         TranscriptEntry(speaker: .agent, text: reply.text, atMs: 30, turn: 0, scriptedTurn: 0, scripted: false,
                                         reply: reply, auditRange: 0..<2)],
            audit: audit, finalWorld: start, handoff: handoff, handoffTurn: 0, endReason: .scriptDone, error: "late", endMs: 99)
        record.tau = TauEpisodeOutcome(taskID: 4, trial: 1, reward: 1, recordedReward: 0, outputsMatched: 1, outputsTotal: 2,
                                       databaseMatched: true, outputs: ["x": true], end: "done", steps: 6)
        record.judgements = [JudgeVerdict(turn: 0, rubric: "polite", verdict: "pass", score: Decimal(string: "0.9")!, usage: usage)]
        record.customerUsage = usage
        record.wallMs = 5
        #expect(String(decoding: PlayedConversation.line(record, startingWorld: start), as: UTF8.self)
                == PlayedConversation.encode(record, startingWorld: start).jsonText())
    }
}

