import Foundation
import SupportSimCore
import SupportSimDrift
import SupportSimTesting
import Testing

/// Golden transcripts are read with a YAML library: any YAML style a person edits them into,
/// and a file that cannot be read is said so, never silently left out of the comparison.
struct GoldenReadingTests {
    @Test func aGoldenEditedByHandInBlockStyleReadsAsTheOneWritten() throws {
        let doc: JSONValue = ["scenario": "billing/refund", "trial": 1, "status": "pass",
                              "replies": [["turn": 0, "text": "Refunded 49.00 to your card.", "calls": ["billing.refund"]]]]
        let written = GoldenYAML.render(doc)
        let edited = """
            # reviewed by hand
            scenario: billing/refund
            trial: 1
            status: 'pass'
            replies:
              - turn: 0
                text: >-
                  Refunded 49.00
                  to your card.
                calls: [billing.refund]
            """
        #expect(try GoldenYAML.parse(written) == doc)
        #expect(try GoldenYAML.parse(edited) == doc)
    }

    @Test func quotedNumbersStayTextAndPlainOnesAreDecimals() throws {
        let v = try GoldenYAML.parse("amount: 49.90\nreference: \"00042\"\nwhen: 2026-11-20\n")
        #expect(v["amount"] == .number(Decimal(string: "49.90")!))
        #expect(v["reference"] == "00042")
        #expect(v["when"] == "2026-11-20")
    }

    @Test func anUnreadableGoldenIsReportedWithItsFileAndLine() throws {
        let folder = Fixtures.temporaryFolder("goldens")
        try Data("scenario: a\nreplies: [unclosed\n".utf8).write(to: folder.appendingPathComponent("a.yaml"))
        try Data(GoldenYAML.render(["scenario": "b", "trial": 1]).utf8).write(to: folder.appendingPathComponent("b.yaml"))
        var problems: [String] = []
        let loaded = GoldenTranscript.loadAll(from: folder, problem: { problems.append($0) })
        #expect(loaded.keys.sorted() == ["b"])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("a.yaml: line ") == true && problems.first?.contains("not compared") == true, "\(problems)")
    }

    /// Goldens are parsed on every core; what is found must still be the same every time: of two
    /// files for one scenario the later path wins, warnings come in path order, and files in
    /// nested folders are read while hidden ones (editor backups, `.git`) are not.
    @Test func goldensAreTakenInPathOrderWhicheverFileIsParsedFirst() throws {
        let folder = Fixtures.temporaryFolder("goldens")
        let fm = FileManager.default
        for sub in ["billing", "orders", ".hidden"] {
            try fm.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for i in 0..<40 {
            let doc: JSONValue = ["scenario": .string("s\(i)"), "trial": 1, "status": "pass"]
            try Data(GoldenYAML.render(doc).utf8).write(to: folder.appendingPathComponent("orders/s\(i).yaml"))
        }
        try Data(GoldenYAML.render(["scenario": "dup", "trial": 1, "status": "fail"]).utf8)
            .write(to: folder.appendingPathComponent("billing/a.yaml"))
        try Data(GoldenYAML.render(["scenario": "dup", "trial": 1, "status": "pass"]).utf8)
            .write(to: folder.appendingPathComponent("billing/b.yaml"))
        try Data(GoldenYAML.render(["scenario": "hidden", "trial": 1]).utf8).write(to: folder.appendingPathComponent(".hidden/h.yaml"))
        try Data("scenario: [".utf8).write(to: folder.appendingPathComponent("orders/bad2.yaml"))
        try Data("scenario: [".utf8).write(to: folder.appendingPathComponent("billing/bad1.yaml"))
        for _ in 0..<5 {
            var problems: [String] = []
            let loaded = GoldenTranscript.loadAll(from: folder, problem: { problems.append($0) })
            #expect(loaded.count == 41)
            #expect(loaded["dup"]?.status == "pass", "billing/b.yaml comes after billing/a.yaml")
            #expect(loaded["hidden"] == nil)
            #expect(problems.count == 2)
            #expect(problems.first?.contains("billing/bad1.yaml") == true && problems.last?.contains("orders/bad2.yaml") == true,
                    "\(problems)")
        }
    }
}

