import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing
@testable import SupportSimTranscripts

/// Drafts that the suite loader reads back as the conversation they came from, and exported
/// conversations as records the scorer can grade with their real times.
struct DraftAndOfflineTests {
    static let export = """
        conversation_id,role,text,time,channel,customer_name,customer_email
        42/a b,customer,"Hi, my name is Ada Byron. My order #77123 never arrived: ""lost""?",2026-03-02T09:00:00Z,E-mail,,
        42/a b,customer,It was a gift.,2026-03-02T09:00:10Z,,,
        42/a b,agent,"Hi Ada, let me check order #77123.",2026-03-02T09:01:00Z,,,
        42/a b,agent,I'm transferring you to a specialist.,2026-03-02T09:03:00Z,,,
        42/a b,human,"Hello Ada, this is Grace.",2026-03-02T09:10:00Z,,,
        42/a b,customer,Thanks Grace,2026-03-02T09:11:00Z,,,
        7,visitor,What are your opening hours?,2026-03-02T10:00:00Z,web,,
        7,bot,We are open 9am-6pm ET.,2026-03-02T10:00:02Z,,,
        7,customer,Thanks!,2026-03-02T10:00:30Z,,,
        7,bot,Happy to help.,2026-03-02T10:00:31Z,,,
        """

    func drafts() throws -> TranscriptDrafts {
        let conversations = try TranscriptReader.read(Data(Self.export.utf8), file: "export.csv")
        return TranscriptDrafts(conversations, sourceFile: "export.csv") { $0.contains("order") ? "order.problem" : nil }
    }

    @Test func aDraftLoadsBackAsTheConversationItCameFrom() throws {
        let d = try drafts()
        #expect(d.drafts.map(\.path) == ["transcripts/42-a-b.yaml", "transcripts/7.yaml"])
        var files = ["supportsim.yml": "version: 1\nname: drafts\n"]
        for draft in d.drafts {
            files["scenarios/" + draft.path] = draft.yaml.replacingOccurrences(of: "\nreview: needed\n", with: "\n")
        }
        let suite = try SuiteLoader(root: Fixtures.suite(files)).load()
        let escalated = try #require(suite.scenarios.first { $0.id == "transcripts/42-a-b" })
        #expect(escalated.channel == .email)
        #expect(escalated.customer == "C-T0001")
        #expect(escalated.turns.map(\.customer) == [
            "Hi, my name is Customer One. My order ORD-T0001 never arrived: \"lost\"?\nIt was a gift.",
        ], "the customer's message to the human is not a turn")
        #expect(escalated.turns[0].expect.intent == "order.problem")
        #expect(escalated.expect.resolution == .escalated)
        #expect(escalated.world["customers"]?.first?["name"] == "Customer One")
        #expect(escalated.world["orders"]?.first?["id"] == "ORD-T0001")
        #expect(escalated.world["orders"]?.first?["customer"] == "C-T0001")
        #expect(escalated.knows["order_id"] == "ORD-T0001")
        let anonymous = try #require(suite.scenarios.first { $0.id == "transcripts/7" })
        #expect(anonymous.customer == nil)
        #expect(anonymous.channel == .chat)
        #expect(anonymous.expect.resolution == .resolved)
        #expect(anonymous.turns.count == 2)
        #expect(anonymous.turns[0].expect.intent == nil, "no intent is proposed without confidence")
    }

    @Test func aDraftKeepsItsSourceAndWaitsForReview() throws {
        let yaml = try drafts().drafts[0].yaml
        #expect(yaml.contains("\nreview: needed\n"))
        #expect(yaml.contains("""
            source:
              file: "export.csv"
              conversation: "42/a b"
              started_at: "2026-03-02T09:00:00Z"
              ended_at: "2026-03-02T09:11:00Z"
              outcome: escalated
            """))
        #expect(!yaml.contains("Ada") && !yaml.contains("77123") && !yaml.contains("Grace"))
        let suite = Fixtures.suite(["supportsim.yml": "version: 1\n", "scenarios/transcripts/42.yaml": yaml])
        do {
            _ = try SuiteLoader(root: suite).load()
            Issue.record("a draft awaiting review loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.path == "review" && $0.message.contains("delete the review line") })
        }
    }

    @Test func draftsNeverOverwriteAFile() throws {
        let d = try drafts()
        let folder = Fixtures.temporaryFolder("drafts")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("transcripts"), withIntermediateDirectories: true)
        try Data("reviewed\n".utf8).write(to: folder.appendingPathComponent("transcripts/7.yaml"))
        #expect(throws: TranscriptError.self) { try d.write(into: folder, folderName: "out") }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("transcripts/42-a-b.yaml").path))
        #expect(try String(contentsOf: folder.appendingPathComponent("transcripts/7.yaml"), encoding: .utf8) == "reviewed\n")
    }

    @Test func offlineRecordsCarryTheExportsTimesAndHandoffs() throws {
        let conversations = try TranscriptReader.read(Data(Self.export.utf8), file: "export.csv")
        let result = try OfflineTranscripts.records(conversations, file: "export.csv", groundedFacts: ["9am-6pm ET"])
        #expect(result.records.count == 2)
        let escalated = result.records[0]
        #expect(escalated.scenario.id == "transcripts/42-a-b")
        #expect(escalated.scenario.turns.count == 1)
        #expect(escalated.transcript.map(\.speaker) == [.customer, .agent, .agent])
        #expect(escalated.transcript.map(\.atMs) == [0, 60_000, 180_000])
        #expect(escalated.frtMs == 60_000)
        #expect(escalated.escalated)
        #expect(escalated.endReason == .escalated)
        #expect(escalated.handoffTurn == 0)
        #expect(escalated.durationMs == 180_000, "time to hand-off: the transfer message")
        #expect(escalated.audit.isEmpty)
        let resolved = result.records[1]
        #expect(resolved.resolution == .resolved)
        #expect(resolved.frtMs == 2_000)
        #expect(resolved.durationMs == 31_000)
        #expect(resolved.transcript.map(\.turn) == [0, 0, 1, 1])
        #expect(resolved.scenario.expect.groundedFacts == ["9am-6pm ET"])
    }

    @Test func scoringNeedsATimeOnEveryMessage() throws {
        let conversations = try TranscriptReader.read(Data("id,role,text\n1,customer,hi\n1,agent,hello\n".utf8), file: "t.csv")
        #expect(throws: TranscriptError(file: "t.csv", line: 2, column: 1,
                                        "expected a time on every message of conversation \"1\" (score-transcripts computes "
                                            + "first response and resolution times from them), found none")) {
            try OfflineTranscripts.records(conversations, file: "t.csv")
        }
    }

    @Test func aHumanRoleAloneIsAHandoff() throws {
        let text = """
            {"id": "h", "messages": [{"role": "user", "text": "I need a person", "time": 1772442000}, {"role": "bot", "text": "One moment.", "time": 1772442005}, {"role": "human_agent", "text": "Hi, I'm here.", "time": 1772442065}]}
            """
        let conversations = try TranscriptReader.read(Data(text.utf8), file: "h.jsonl")
        let flow = ConversationFlow(conversations[0])
        #expect(flow.handoff?.sign == .humanRole)
        #expect(flow.resolution == .escalated)
        let record = try OfflineTranscripts.records(conversations, file: "h.jsonl").records[0]
        #expect(record.durationMs == 65_000, "until the human's first message")
        #expect(record.transcript.count == 2)
    }
}
