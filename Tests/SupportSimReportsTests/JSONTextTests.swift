import Foundation
import SupportSimCore
@testable import SupportSimReports
import SupportSimRunner
import SupportSimTesting
import Testing

/// The byte-buffer JSON writer must write exactly what the String-based one wrote.
struct JSONTextTests {
    static let samples: [JSONValue] = [
        .null, true, false, 0, -5, 1200, .number(Decimal(string: "49.90")!), .number(Decimal(string: "-0.5")!),
        .number(Decimal(string: "0.000001")!), .number(Decimal(string: "123456789012345678901234567890")!),
        .number(Decimal(string: "1e25")!), .number(Decimal(string: "3.14159265358979")!), .number(.nan),
        "", "plain", "quote \" backslash \\ slash / tab \t cr \r lf \n", "</script><!-- -->", "\u{01}\u{1F}\u{7F}\u{08}\u{0C}",
        "é ü 中文 🙂 👩🏽‍💻 \u{2028}\u{2029} e\u{301}", [], [:], [1, "a", [:], [[]]],
        ["z": 1, "a": ["nested": [true, .null]], "é": "x", "A": "upper", "_": 0, "a b": "space", "<k>": "angle"],
    ]

    @Test func bytesMatchTheStringWriterForEveryKindOfValue() {
        for v in Self.samples {
            #expect(v.prettyJSONText() == LegacyJSONText.pretty(v), "\(LegacyJSONText.compact(v))")
            #expect(v.jsonText() == LegacyJSONText.compact(v))
            var bytes: [UInt8] = []
            v.appendJSON(to: &bytes)
            #expect(bytes == Array(LegacyJSONText.compact(v).utf8))
        }
        let all = JSONValue.array(Self.samples)
        #expect(all.prettyJSONText(indent: 4) == {
            var out = ""
            LegacyJSONText.write(all, to: &out, indent: 4, level: 0)
            return out + "\n"
        }())
    }

    @Test func resultsJSONOfARealRunIsUnchanged() async throws {
        let run = try await ReportFixtures.mixedRun()
        let json = ResultsJSONWriter().json(run)
        #expect(ResultsJSONWriter().render(run) == LegacyJSONText.pretty(json))
        #expect(try JSONValue.parse(json.jsonText()) == JSONValue.parse(LegacyJSONText.compact(json)))
    }
}

/// The fast paths of results.json give the same text as the general ones.
struct FastPathTests {
    @Test func shortNumbersAreWrittenLikePlainString() {
        var values: [Decimal] = (-2000...2000).map { Decimal($0) }
        var rng = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let m = Int64(rng.next() % 2_000_000_000_000) - 1_000_000_000_000
            let e = Int(rng.next() % 23) - 14
            values.append(Decimal(sign: m < 0 ? .minus : .plus, exponent: e, significand: Decimal(m.magnitude)))
            values.append(Decimal(m) / Decimal(Int(rng.next() % 1000) + 1))
            values.append(Decimal(Int(rng.next() % 100_000)) * Decimal(string: "0.01")!)
        }
        values += [Decimal(4990) / 100, Decimal(string: "1e25")!, Decimal(string: "0.000")!, Decimal(string: "100.000")!,
                   .greatestFiniteMagnitude, .leastNonzeroMagnitude, Decimal(string: "123456789012345678901234567890")!]
        for d in values {
            let fast = JSONValue.number(d).jsonText()
            if fast != d.plainString { Issue.record("\(d.plainString) written as \(fast)"); return }
        }
    }

    /// The Calendar-based formatting ISODate used before its calendar-free fast path.
    static func calendarDateTime(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let parts = c.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                     from: Date(timeIntervalSince1970: Double(ms / 1000)))
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!,
                          parts.hour!, parts.minute!, parts.second!)
        if ms % 1000 != 0 { text += String(format: ".%03d", Int(ms % 1000)) }
        return text + "Z"
    }

    @Test func datesAreFormattedLikeTheCalendar() {
        var rng = SeededRandom(seed: 7)
        var dates = [0, 1, 999, 1000, 86_399_999, 951_782_400_000, 4_107_542_399_999].map { Date(timeIntervalSince1970: Double($0) / 1000) }
        for _ in 0..<5000 { dates.append(Date(timeIntervalSince1970: Double(rng.next() % 8_000_000_000_000) / 1000)) }
        dates.append(Date(timeIntervalSince1970: -86_400 * 400))
        for d in dates {
            #expect(ISODate.formatDateTime(d) == Self.calendarDateTime(d))
        }
    }

    /// results.json's audit log, read back from the written text and checked field by field
    /// against the conversation's audit entries, with times formatted independently of ISODate.
    @Test func theAuditLogInResultsJSONSaysWhatEachCallDidAndWhen() async throws {
        let run = try await ReportFixtures.bundledRun()
        let written = try JSONValue.parse(ResultsJSONWriter().render(run))
        let scenarios = try #require(written["scenarios"]?.arrayValue)
        #expect(scenarios.count == run.results.count)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var calls = 0, failures = 0
        for (r, s) in zip(run.results, scenarios) {
            let audit = try #require(s["audit"]?.arrayValue)
            #expect(audit.count == r.record.audit.count, "\(r.id)")
            for (entry, json) in zip(r.record.audit, audit) {
                calls += 1
                #expect(json["seq"]?.intValue == entry.seq)
                #expect(json["operation"]?.stringValue == entry.operation)
                #expect(json["args"]?.objectValue == entry.arguments)
                #expect(json["at_ms"]?.intValue == entry.atMs)
                let at = try #require(json["at"]?.stringValue)
                let parsed = formatter.date(from: at) ?? ISO8601DateFormatter().date(from: at)
                let expected = r.record.start.addingTimeInterval(Double(entry.atMs) / 1000)
                #expect(parsed.map { abs($0.timeIntervalSince(expected)) < 0.001 } == true, "\(at) for \(expected)")
                switch entry.outcome {
                case .success(let result):
                    #expect(json["ok"] == true && json["result"] == result && json["error"] == nil)
                case .failure(let error):
                    failures += 1
                    #expect(json["ok"] == false && json["result"] == nil)
                    #expect(json["error"]?["code"]?.stringValue == error.code.rawValue)
                    #expect(json["error"]?["message"]?.stringValue == error.message)
                }
            }
        }
        #expect(calls > 100)
        #expect(failures > 0, "the bundled suite has failing calls (faults), so the error shape is checked too")
    }
}
