import Foundation
import SupportSimCore
import SupportSimJournal
import SupportSimTesting
import Testing

/// The journal file: one line per finished conversation, readable after the run was killed at
/// any byte.
struct RunJournalTests {
    static let header = JournalHeader(runID: "20261201-101010-abcd", suite: "s", suiteDigest: "sha256:0", agent: "reference",
                                      gitCommit: nil, repeatCount: 1, filters: [], shard: ShardSpec(index: 2, count: 3),
                                      startedAt: Date(timeIntervalSinceReferenceDate: 1000.25))

    static func line(_ scenario: String, _ trial: Int = 1) -> JSONValue {
        ["scenario": .string(scenario), "trial": .number(Decimal(trial))]
    }

    @Test func aJournalReadsBackItsHeaderAndLinesInOrder() throws {
        let url = Fixtures.temporaryFolder("journal").appendingPathComponent(RunJournal.fileName)
        let writer = try JournalWriter.create(at: url, header: Self.header)
        for s in ["b", "a", "c"] { try writer.append(Self.line(s)) }
        writer.close()
        let contents = try RunJournal.read(url)
        #expect(contents.header == Self.header)
        #expect(contents.conversations.map(\.key.scenario) == ["b", "a", "c"])
        #expect(contents.conversations.map(\.number) == [2, 3, 4])
        #expect(!contents.tornTail)
    }

    @Test func aTornLastLineIsDroppedAndCutOffBeforeTheResumedRunAppends() throws {
        let url = Fixtures.temporaryFolder("journal-torn").appendingPathComponent(RunJournal.fileName)
        let writer = try JournalWriter.create(at: url, header: Self.header)
        try writer.append(Self.line("a"))
        writer.close()
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"scenario":"b","tri"#.utf8))
        try handle.close()
        let torn = try RunJournal.read(url)
        #expect(torn.tornTail)
        #expect(torn.conversations.map(\.key.scenario) == ["a"])
        let resumed = try JournalWriter.reopen(torn, at: url)
        try resumed.append(Self.line("b"))
        resumed.close()
        let whole = try RunJournal.read(url)
        #expect(!whole.tornTail)
        #expect(whole.conversations.map(\.key.scenario) == ["a", "b"])
    }

    @Test func aGarbledOrRepeatedLineInsideIsAnErrorWithItsLineNumber() throws {
        let folder = Fixtures.temporaryFolder("journal-bad")
        let url = folder.appendingPathComponent(RunJournal.fileName)
        let writer = try JournalWriter.create(at: url, header: Self.header)
        try writer.append(Self.line("a"))
        try writer.append(Self.line("a"))
        writer.close()
        #expect { try RunJournal.read(url) } throws: { "\($0)".contains(":3: a#1 was already recorded on line 2") }

        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"trial\":1}\n{", with: "\"trial\":1}\nnot json\n{")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect { try RunJournal.read(url) } throws: { "\($0)".contains(":3:") }
    }

    @Test func aJournalIsNeverReplacedByANewRun() throws {
        let url = Fixtures.temporaryFolder("journal-twice").appendingPathComponent(RunJournal.fileName)
        _ = try JournalWriter.create(at: url, header: Self.header)
        #expect(throws: JournalError.self) { try JournalWriter.create(at: url, header: Self.header) }
    }

    @Test func aHeaderOfAnotherVersionOrNoHeaderIsRefused() throws {
        let url = Fixtures.temporaryFolder("journal-version").appendingPathComponent(RunJournal.fileName)
        try Data(#"{"supportsim_journal":99}"#.utf8 + [0x0A]).write(to: url)
        #expect { try RunJournal.read(url) } throws: { "\($0)".contains("version 99") }
        try Data().write(to: url)
        #expect { try RunJournal.read(url) } throws: { "\($0)".contains("no header line") }
    }
}
