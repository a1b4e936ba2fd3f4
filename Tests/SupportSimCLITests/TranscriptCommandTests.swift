import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `supportsim generate from-transcripts` and `supportsim score-transcripts` on exports of 50
/// conversations, as a support team would run them (docs/transcripts.md).
@Suite(.serialized)
struct TranscriptCommandTests {
    @Test func draftsFromACSVExportValidateOnlyOnceTheReviewLineIsRemoved() throws {
        let export = ExportFixture()
        let suite = ExportFixture.suite()
        let csv = Fixtures.temporaryFolder("export").appendingPathComponent("export.csv")
        try Data(export.csv.utf8).write(to: csv)
        let r = try SupportSimBinary.run(["generate", "from-transcripts", csv.path, "--into", "scenarios"], in: suite)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let drafts = try ExportFixture.files(in: suite.appendingPathComponent("scenarios/transcripts"))
        #expect(drafts.count == 50)

        let before = try SupportSimBinary.run(["validate", suite.path])
        #expect(before.status == 2, "\(before.stdout)\(before.stderr)")
        let reviewMessages = (before.stdout + before.stderr).components(separatedBy: "\n").filter { $0.contains("review: needed") }
        #expect(reviewMessages.count == 50, "\(before.stdout)\(before.stderr)")

        for file in drafts {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains("\nreview: needed\n"))
            try Data(text.replacingOccurrences(of: "\nreview: needed\n", with: "\n").utf8).write(to: file)
        }
        let after = try SupportSimBinary.run(["validate", suite.path])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    }

    @Test func aDraftKeepsTheTurnsChannelTimesOutcomeAndPointsAtItsPlaceholderCustomer() throws {
        let export = ExportFixture()
        let suite = ExportFixture.suite()
        let csv = suite.appendingPathComponent("export.csv")
        try Data(export.csv.utf8).write(to: csv)
        let r = try SupportSimBinary.run(["generate", "from-transcripts", "export.csv", "--into", "scenarios"], in: suite)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // conv-1004: a voice call handed to a human by the transfer phrase; the customer's two
        // first messages are one turn.
        let escalated = try String(contentsOf: suite.appendingPathComponent("scenarios/transcripts/conv-1004.yaml"), encoding: .utf8)
        #expect(escalated.contains("channel: voice"))
        #expect(escalated.contains("started_at: \"2026-03-02T13:00:00Z\""))
        #expect(escalated.contains("outcome: escalated"))
        #expect(escalated.contains("  resolution: escalated"))
        #expect(escalated.contains("customer: C-T"))
        #expect(escalated.contains("order_id: \"ORD-T"))
        #expect(escalated.contains("\\nMy email is customer-"), "consecutive customer messages are one turn")
        #expect(!escalated.contains("Thanks, "), "the customer's message to the human is not scripted")
        let resolved = try String(contentsOf: suite.appendingPathComponent("scenarios/transcripts/conv-1001.yaml"), encoding: .utf8)
        #expect(resolved.contains("channel: email"))
        #expect(resolved.contains("  resolution: resolved"))
        #expect(resolved.contains("intent: order.status"), "\(resolved)")

        // The same export drafted twice gives the same bytes; a second run never overwrites.
        let again = try SupportSimBinary.run(["generate", "from-transcripts", "export.csv", "--into", "scenarios"], in: suite)
        #expect(again.status == 2)
        #expect(again.stderr.contains("exist already"), "\(again.stderr)")
        let other = Fixtures.temporaryFolder("drafts-again")
        let second = try SupportSimBinary.run(["generate", "from-transcripts", csv.path, "--into", other.path])
        #expect(second.status == 0, "\(second.stderr)")
        let copy = try String(contentsOf: other.appendingPathComponent("transcripts/conv-1004.yaml"), encoding: .utf8)
        #expect(copy == escalated)
    }

    @Test func noPersonalDatumOfEitherExportAppearsInAnyDraft() throws {
        let export = ExportFixture()
        for (name, text) in [("export.csv", export.csv), ("export.jsonl", export.jsonLines)] {
            let folder = Fixtures.temporaryFolder("privacy")
            let input = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: input)
            let out = folder.appendingPathComponent("drafts")
            let r = try SupportSimBinary.run(["generate", "from-transcripts", input.path, "--into", out.path])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            let files = try ExportFixture.files(in: out.appendingPathComponent("transcripts"))
            #expect(files.count == 50, "\(name)")
            let outputs = try files.map { try String(contentsOf: $0, encoding: .utf8).lowercased() } + [r.stdout.lowercased(), r.stderr.lowercased()]
            // Sanity: the data are in the input, so the search below can find them.
            for datum in export.personalData { #expect(text.lowercased().contains(datum.lowercased()), "\(datum) is not in \(name)") }
            for datum in export.personalData {
                for (file, output) in zip(files.map(\.lastPathComponent) + ["stdout", "stderr"], outputs) {
                    #expect(!output.contains(datum.lowercased()), "\(name): \(file) holds \"\(datum)\"")
                }
            }
            // Consistent placeholders: Dana's e-mail is one placeholder in every draft that has it.
            let placeholders = Set(outputs.flatMap { o in
                o.components(separatedBy: "\n").filter { $0.contains("email: \"customer-") }
            }.map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(placeholders.count >= 12, "\(placeholders)")
            #expect(placeholders.count <= ExportFixture.people.count + 1, "\(placeholders)")
        }
    }

    @Test func scoreTranscriptsWritesTheReportsWithTheExportsOwnTimes() throws {
        let export = ExportFixture()
        let suite = ExportFixture.suite()
        let csv = Fixtures.temporaryFolder("export-score").appendingPathComponent("export.csv")
        try Data(export.csv.utf8).write(to: csv)
        let out = Fixtures.temporaryFolder("transcript-reports")
        let r = try SupportSimBinary.run(["score-transcripts", csv.path, "--suite", suite.path, "--out", out.path])
        // Three conversations break a rule or state an ungrounded amount; no gates: exit 1.
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        for report in ["results.json", "report.md", "report.html", "junit.xml"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("latest/\(report)").path), "\(report)")
        }
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        let scenarios = try #require(results["scenarios"]?.arrayValue)
        #expect(scenarios.count == 50)
        func scenario(_ id: String) throws -> JSONValue {
            try #require(scenarios.first { $0["id"]?.stringValue == "transcripts/\(id)" }, "\(id)")
        }
        // conv-1003: the customer wrote at 12:00:00 and 12:00:20, the agent answered at
        // 12:00:45 (30 s + 3 × 5 s after the first message), the last message came at 12:02:30.
        #expect(try scenario("conv-1003")["frt_ms"] == 45_000)
        #expect(try scenario("conv-1003")["resolution_ms"] == 150_000)
        #expect(try scenario("conv-1003")["status"] == "pass")
        // Response delays of 30 s + (i mod 10) × 5 s: mean 52.5 s, longest 75 s.
        #expect(results["metrics"]?["frt_ms"]?["mean"] == 52_500)
        #expect(results["metrics"]?["frt_ms"]?["max"] == 75_000)
        #expect(results["metrics"]?["frt_ms"]?["n"] == 50)
        // Every fifth conversation is handed off: 10 of 50, at the transfer message.
        #expect(results["metrics"]?["escalation_rate"]?["value"] == .number(Decimal(string: "0.2")!))
        #expect(try scenario("conv-1004")["escalated"] == true)
        #expect(try scenario("conv-1004")["resolution"] == "escalated")

        #expect(try scenario("conv-1007")["status"] == "fail")
        #expect(try scenario("conv-1007")["hallucinations"]?.arrayValue?.first?["claim"] == "$25.00")
        #expect(try scenario("conv-1011")["violations"]?.arrayValue?.first?["policy"] == "no-guarantees")
        #expect(try scenario("conv-1013")["violations"]?.arrayValue?.first?["policy"] == "escalate-legal")
        // "3 business days" is in the suite's knowledge base, so it grounds the agents' replies.
        let passed = scenarios.filter { $0["status"] == "pass" }.count
        #expect(passed == 47, "\(scenarios.filter { $0["status"] != "pass" }.map { $0["id"]?.stringValue ?? "?" })")
    }

    @Test func malformedExportsAreLocatedErrors() throws {
        let folder = Fixtures.temporaryFolder("bad-export")
        let cases: [(String, String, String)] = [
            ("open.csv", "conversation_id,role,text\nc1,customer,\"never closed\nc1,agent,hi\n",
             "open.csv:2:13: expected a closing quote"),
            ("role.csv", "conversation_id,role,text\nc1,customer,hello\nc1,robot,hi\n",
             "role.csv:3:4: expected a role (customer side: customer, user"),
            ("line.jsonl", "{\"id\": \"c1\", \"role\": \"user\", \"text\": \"hi\"}\n{\"id\": \"c1\", \"role\": \"agent\", \"text\": }\n",
             "line.jsonl:2:39: expected a JSON object on this line"),
        ]
        for (name, text, message) in cases {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            for command in [["generate", "from-transcripts", name, "--into", "drafts"], ["score-transcripts", name, "--suite", ExportFixture.suite().path]] {
                let r = try SupportSimBinary.run(command, in: folder)
                #expect(r.status == 2, "\(command) \(r.stderr)")
                #expect(r.stderr.contains(message), "\(command): \(r.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("drafts").path))
    }
}

/// Fifty conversations of twelve customers, written as a CSV export and as a JSON lines export
/// of one conversation a line, with names, e-mails, phones, card and order numbers in the
/// columns and the messages. Conversation i starts at 2026-03-02T09:00:00Z + i hours; the agent
/// answers 30 s + (i mod 10) × 5 s after the customer's first message; every fifth is handed off.
struct ExportFixture {
    struct Person { var first: String; var last: String; var email: String; var phone: String }

    static let people: [Person] = [
        Person(first: "Dana", last: "Whitfield", email: "dana.whitfield@gmail.com", phone: "+1 (415) 867-2671"),
        Person(first: "Marcus", last: "Oyelaran", email: "m.oyelaran@outlook.com", phone: "646-231-9087"),
        Person(first: "Priya", last: "Raghunathan", email: "priya.r@fastmail.fm", phone: "+44 20 7946 0958"),
        Person(first: "Tomasz", last: "Wielgosz", email: "tomasz.wielgosz@wp.pl", phone: "+48 512 334 871"),
        Person(first: "Ingrid", last: "Haugen", email: "ingrid.haugen@online.no", phone: "(212) 738-4410"),
        Person(first: "Kwame", last: "Mensah", email: "kwame.mensah@yahoo.com", phone: "+233 24 412 7788"),
        Person(first: "Lucia", last: "Ferreira", email: "lucia.ferreira@uol.com.br", phone: "+55 11 98765 4321"),
        Person(first: "Oskar", last: "Lindqvist", email: "oskar.lindqvist@telia.se", phone: "+46 70 123 45 67"),
        Person(first: "Aiko", last: "Tanabe", email: "aiko.tanabe@docomo.ne.jp", phone: "+81 90 2345 6789"),
        Person(first: "Rafael", last: "Quintero", email: "rquintero@icloud.com", phone: "305.442.9931"),
        Person(first: "Siobhan", last: "Gallagher", email: "siobhan.gallagher@eircom.net", phone: "+353 87 765 4321"),
        Person(first: "Emeka", last: "Okafor", email: "emeka.okafor@gmail.com", phone: "+234 803 555 7712"),
    ]
    static let staff = "Morgan Reyes"
    static let cards = ["4242 4242 4242 4242", "5555-5555-5555-4444", "378282246310005"]

    struct Row { var conversation: String; var role: String; var text: String; var time: Int; var channel: String; var name: String; var email: String }

    var rows: [Row] = []
    var personalData: [String] = []

    init() {
        let channels = ["chat", "email", "whatsapp", "sms", "voice"]
        let start = 1_772_442_000  // 2026-03-02T09:00:00Z
        var data: [String] = [Self.staff]
        for p in Self.people { data += ["\(p.first) \(p.last)", p.first, p.last, p.email, p.phone] }
        for i in 0..<50 {
            let p = Self.people[i % Self.people.count]
            let id = "conv-\(1000 + i)", t0 = start + i * 3600, order = 48200 + i * 7
            let channel = channels[i % 5]
            let name = i % 2 == 0 ? "\(p.first) \(p.last)" : ""
            let email = i % 4 == 0 ? p.email : ""
            var messages: [(String, String, Int)] = []
            switch i % 3 {
            case 0: messages.append(("customer", "Hi, my name is \(p.first) \(p.last). Where is my order #\(order)? It still hasn't arrived, and I paid for \"express\".", 0))
            case 1: messages.append(("end-user", "This is \(p.first) \(p.last). Where is my order number \(order)? It has not arrived.", 0))
            default: messages.append(("user", "I'm \(p.first) \(p.last) and my order ORD-\(order) is late, where is it?", 0))
            }
            messages.append(("customer", "My email is \(p.email), phone \(p.phone).", 20))
            let delay = 30 + (i % 10) * 5
            let orderText = i % 3 == 0 ? "#\(order)" : i % 3 == 1 ? "number \(order)" : "ORD-\(order)"
            var reply = "Hi \(p.first), thanks for reaching out. Your order \(orderText) is on its way and arrives within 3 business days."
            if i == 7 { reply += " We have also refunded $25.00 for the delay." }
            if i == 11 { reply += " I guarantee it will be there." }
            messages.append(("agent", reply, delay))
            if i % 5 == 4 {
                messages.append(("customer", "That's not good enough, I need it today.", 100))
                messages.append(("bot", "I understand. I'm transferring you to a specialist who can help with that.", 110))
                messages.append(("human_agent", "Hello \(p.first), this is \(Self.staff) from the delivery team. Anything else I can see?", 400))
                messages.append(("customer", "Thanks, \(p.first)", 460))
            } else {
                let card = i % 7 == 3 ? " By the way I paid with card \(Self.cards[i % 3]), is that fine?" : ""
                let worry = i == 13 ? " If it is lost I will call my lawyer." : ""
                messages.append(("customer", "Great, thank you!\(card)\(worry)\nThanks, \(p.first)", 120))
                messages.append(("assistant", "You're welcome, \(p.first)! Anything else, just write.", 150))
            }
            for (role, text, offset) in messages {
                rows.append(Row(conversation: id, role: role, text: text, time: t0 + offset, channel: channel, name: name, email: email))
            }
            data.append("\(order)")
        }
        data += Self.cards
        personalData = data
    }

    /// `conversation_id,author,body,created_at,channel,customer_name,customer_email`, RFC 4180 quoted, times in ISO 8601.
    var csv: String {
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = ["conversation_id,author,body,created_at,channel,customer_name,customer_email"]
        for r in rows {
            let time = ISODate.formatDateTime(Date(timeIntervalSince1970: Double(r.time)))
            lines.append([r.conversation, r.role, r.text, time, r.channel, r.name, r.email].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One conversation a line: `{ticket_id, channel, customer_name?, messages: [{sender, content, timestamp}]}`, Unix seconds.
    var jsonLines: String {
        var order: [String] = []
        var grouped: [String: [Row]] = [:]
        for r in rows {
            if grouped[r.conversation] == nil { order.append(r.conversation) }
            grouped[r.conversation, default: []].append(r)
        }
        return order.map { id -> String in
            let rs = grouped[id]!
            var object: [String: JSONValue] = ["ticket_id": .string(id), "channel": .string(rs[0].channel)]
            if !rs[0].name.isEmpty { object["customer_name"] = .string(rs[0].name) }
            if !rs[0].email.isEmpty { object["customer_email"] = .string(rs[0].email) }
            object["messages"] = .array(rs.map { r in
                ["sender": .string(r.role), "content": .string(r.text), "timestamp": .number(Decimal(r.time))]
            })
            return JSONValue.object(object).jsonText()
        }.joined(separator: "\n") + "\n"
    }

    /// A suite with a knowledge base (shipping times) and two policies that need no tool log.
    static func suite() -> URL {
        Fixtures.suite([
            "supportsim.yml": "version: 1\nname: Transcripts\n",
            "scenarios/world/customers.yaml": "customers:\n  - {id: C-1001, name: Sam Example}\n",
            "scenarios/world/kb/shipping.md": "---\nid: shipping-times\ntitle: Shipping times\n---\nOrders arrive within 3 business days.\n",
            "scenarios/policies.yaml": """
                version: 1
                policies:
                  - id: no-guarantees
                    description: Never guarantee a delivery.
                    severity: major
                    never_say: {phrases: ["I guarantee"]}
                  - id: escalate-legal
                    description: Legal threats go to a human.
                    severity: major
                    must_escalate: {mentions_any: ["lawyer"]}
                """,
        ])
    }

    static func files(in folder: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { folder.appendingPathComponent($0) }
    }
}
