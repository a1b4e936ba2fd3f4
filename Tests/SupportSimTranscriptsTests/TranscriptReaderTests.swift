import Foundation
import SupportSimCore
import Testing
@testable import SupportSimTranscripts

/// Reading exports: CSV by RFC 4180, JSON lines of messages or of conversations, flexible field
/// names, and errors that say where the file is wrong.
struct TranscriptReaderTests {
    func read(_ text: String, file: String) throws -> [ExportedConversation] {
        try TranscriptReader.read(Data(text.utf8), file: file)
    }

    func error(_ text: String, file: String) -> String {
        do {
            _ = try TranscriptReader.read(Data(text.utf8), file: file)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func csvFieldsMayHoldCommasQuotesAndLineBreaks() throws {
        let csv = "Ticket ID,Speaker,Body,Sent-At\r\n"
            + "T-1,end-user,\"Hello, I said \"\"express\"\"\nand meant it\",2026-03-02T09:00:00Z\r\n"
            + "T-1,Operator,Noted.,2026-03-02T10:00:30.250+01:00\r\n"
        let conversations = try read(csv, file: "x.csv")
        #expect(conversations.count == 1)
        let c = try #require(conversations.first)
        #expect(c.id == "T-1")
        #expect(c.messages.map(\.text) == ["Hello, I said \"express\"\nand meant it", "Noted."])
        #expect(c.messages.map(\.role) == [.customer, .agent])
        #expect(c.messages.map(\.line) == [2, 4], "a record's line is where it starts")
        // 10:00:30.250 at +01:00 is 09:00:30.250 UTC.
        #expect(c.messages[0].timeMs == 1_772_442_000_000)
        #expect(c.messages[1].timeMs == 1_772_442_030_250)
    }

    @Test func messagesAreOrderedByTimeAndGroupedByConversationInFileOrder() throws {
        let csv = """
            conversation,role,text,timestamp,channel
            b,customer,second conversation,1772442100,WhatsApp
            a,agent,answer,1772442060,
            a,customer,question,1772442000,email
            """
        let conversations = try read(csv, file: "x.csv")
        #expect(conversations.map(\.id) == ["b", "a"])
        #expect(conversations[1].messages.map(\.text) == ["question", "answer"])
        #expect(conversations[0].channel == .whatsapp)
        #expect(conversations[1].channel == .email)
    }

    @Test func jsonLinesHoldMessagesOrWholeConversations() throws {
        let jsonl = """
            {"conversation_id": 7, "from": "visitor", "message": "hi", "created_at": "2026-03-02 09:00:00"}
            {"conversation_id": 7, "from": "bot", "message": "hello", "created_at": "2026-03-02 09:00:05"}

            {"id": "c-2", "channel": "phone", "customer_name": "Ada Byron", "messages": [{"role": "contact", "text": "help", "time": 1772442000.5}, {"role": "human", "text": "here", "time": 1772442010}]}
            """
        let conversations = try read(jsonl, file: "x.jsonl")
        #expect(conversations.map(\.id) == ["7", "c-2"])
        #expect(conversations[0].messages.map(\.timeMs) == [1_772_442_000_000, 1_772_442_005_000])
        #expect(conversations[1].channel == .voice)
        #expect(conversations[1].customerName == "Ada Byron")
        #expect(conversations[1].messages.map(\.role) == [.customer, .human])
        #expect(conversations[1].messages[0].timeMs == 1_772_442_000_500)
        #expect(conversations[1].messages.allSatisfy { $0.line == 4 })
    }

    @Test func timesAreISO8601OrUnixSeconds() {
        #expect(Timestamps.parse("2026-03-02T09:00:00Z") == 1_772_442_000_000)
        #expect(Timestamps.parse("2026-03-02T09:00:00.5Z") == 1_772_442_000_500)
        #expect(Timestamps.parse("2026-03-02T04:00:00-05:00") == 1_772_442_000_000)
        #expect(Timestamps.parse("2026-03-02T10:00:00+0100") == 1_772_442_000_000)
        #expect(Timestamps.parse("2026-03-02 09:00") == 1_772_442_000_000)
        #expect(Timestamps.parse("1772442000") == 1_772_442_000_000)
        #expect(Timestamps.parse("1772442000123") == 1_772_442_000_123)
        #expect(Timestamps.parse("2026-02-30T09:00:00Z") == nil)
        #expect(Timestamps.parse("yesterday") == nil)
        #expect(Timestamps.format(1_772_442_000_000) == "2026-03-02T09:00:00Z")
        #expect(Timestamps.format(1_772_442_000_250) == "2026-03-02T09:00:00.250Z")
    }

    @Test func malformedCSVIsReportedAtTheRecordsLineAndColumn() {
        #expect(error("id,role,text\n1,customer,\"open\n1,agent,x\n", file: "e.csv")
            == "e.csv:2:12: expected a closing quote for the field that starts here, found the end of the file")
        #expect(error("id,role,text\n1,customer,say \"hi\"\n", file: "e.csv").hasPrefix("e.csv:2:16: expected no quote inside an unquoted field"))
        #expect(error("id,role,text\n1,customer,\"a\"b\n", file: "e.csv").hasPrefix("e.csv:2:15: expected a comma or the end of the line after a quoted field"))
        #expect(error("id,role,text\n1,customer,a,b\n", file: "e.csv") == "e.csv:2:1: expected 3 fields (as the header has), found 4")
        #expect(error("id,who,text\n1,customer,a\n", file: "e.csv").hasPrefix("e.csv:1:1: expected a role column (one of role, author, speaker, sender, from)"))
        #expect(error("id,role,text,time\n1,customer,a,soon\n", file: "e.csv").hasPrefix("e.csv:2:14: expected a time in ISO 8601"))
        #expect(error("id,role,text\n,customer,a\n", file: "e.csv") == "e.csv:2:1: expected a conversation id, found an empty field")
    }

    @Test func anUnknownRoleNamesTheAcceptedOnes() {
        let message = error("id,role,text\n1,customer,a\n1,supervisor,b\n", file: "e.csv")
        #expect(message.hasPrefix("e.csv:3:3: expected a role (customer side: customer, user, end_user"))
        #expect(message.contains("support side: agent, bot, assistant, admin, operator"))
        #expect(message.contains("human, human_agent"))
        #expect(message.hasSuffix("found \"supervisor\""))
        let json = error("{\"id\": 1, \"role\": \"user\", \"text\": \"a\"}\n{\"id\": 1, \"role\": \"robot\", \"text\": \"b\"}\n", file: "e.jsonl")
        #expect(json.hasPrefix("e.jsonl:2:11: expected role to be a role (customer side"), "\(json)")
    }

    @Test func malformedJSONLinesAreReportedAtTheLine() {
        #expect(error("{\"id\": 1, \"role\": \"user\", \"text\": \"a\"}\n{\"id\": 1, \"role\": \"user\" \"text\": \"b\"}\n", file: "e.jsonl")
            .hasPrefix("e.jsonl:2:26: expected a JSON object on this line"))
        #expect(error("[1, 2]\n", file: "e.jsonl") == "e.jsonl:1:1: expected a JSON object (one message or one conversation), found a list")
        #expect(error("{\"id\": 1, \"messages\": {\"role\": \"user\"}}\n", file: "e.jsonl")
            == "e.jsonl:1:11: expected messages to be a list of {role, text, time}, found an object")
        #expect(error("{\"id\": 1, \"role\": \"user\", \"text\": [\"a\"]}\n", file: "e.jsonl")
            == "e.jsonl:1:27: expected text to be a string, found a list")
        #expect(error("{\"id\": 1, \"role\": \"user\", \"text\": \"a\", \"time\": true}\n", file: "e.jsonl")
            == "e.jsonl:1:40: expected time to be a time in ISO 8601 (2026-03-02T09:15:00Z) or Unix seconds, found \"true\"")
        #expect(error("\n\n", file: "e.jsonl") == "e.jsonl: expected at least one conversation with a message, found none")
    }

    @Test func textThatIsNotUTF8IsLocated() {
        var data = Data("id,role,text\n1,customer,caf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array("\n".utf8))
        do {
            _ = try TranscriptReader.read(data, file: "latin1.csv")
            Issue.record("no error")
        } catch {
            #expect(error.description == "latin1.csv:2:15: expected UTF-8 text, found the byte 0xE9; export the file as UTF-8")
        }
    }
}
