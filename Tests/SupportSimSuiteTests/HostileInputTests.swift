import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// A suite is often someone else's (a pull request, a downloaded example): loading it must stay
/// bounded and inside its folder (docs/security.md).
struct HostileInputTests {
    private let base: [String: String] = [
        "supportsim.yml": "version: 1\nname: Hostile\n",
        "scenarios/world/customers.yaml": "customers:\n  - {id: C-1, name: Ann Lee, email: ann@example.com}\n",
        "scenarios/ok.yaml": "turns:\n  - customer: Hello\n",
    ]

    private func problems(_ root: URL, allowOutside: Bool = false) -> [Diagnostic] {
        do {
            _ = try SuiteLoader(root: root, allowOutsidePaths: allowOutside).load()
            return []
        } catch {
            return error.diagnostics
        }
    }

    // MARK: Alias bombs

    /// Nine levels of ten aliases each: 10⁹ values once expanded. Before the bound, validating it
    /// grew without limit (6 GB in 20 s was measured).
    private static let aliasBomb: String = {
        var lines = ["turns:", "  - customer: Hello", "    knows:", "      a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("      a\(level): &a\(level) [\(refs)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func anAliasBombIsRefusedWithBoundedMemory() throws {
        let root = Fixtures.suite(base.merging(["scenarios/bomb.yaml": Self.aliasBomb]) { $1 })
        let before = PeakMemory.highWaterMarkKiB()
        let found = problems(root)
        let grown = PeakMemory.highWaterMarkKiB() - before
        let bomb = try #require(found.first { $0.file == "scenarios/bomb.yaml" })
        #expect(bomb.message.contains("aliases in this file expand to more than 100000 values"))
        #expect(bomb.line > 1)
        // Other tests run in this process at the same time; the bound is generous, and an
        // unbounded expansion would take gigabytes.
        #expect(grown < 512 * 1024, "peak memory grew by \(grown / 1024) MiB while refusing the bomb")
    }

    @Test func aliasesThatRepeatALittleStillLoad() throws {
        let yaml = "turns:\n  - customer: Hello\n    knows: {a: &a [1, 2, 3], b: *a}\n"
        let root = Fixtures.suite(base.merging(["scenarios/small.yaml": yaml]) { $1 })
        let found = problems(root)
        #expect(!found.contains { $0.message.contains("expand to more than") })
    }

    @Test func aHugeValueIsQuotedShortInAnError() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let root = Fixtures.suite(base.merging(["scenarios/huge.yaml": "turns: \(huge)\n"]) { $1 })
        let d = try #require(problems(root).first { $0.file == "scenarios/huge.yaml" })
        #expect(d.description.utf8.count < 300)
        #expect(d.message.contains("(1000000 characters)"))
    }

    // MARK: Paths out of the suite

    @Test(arguments: ["world: ../outside", "scenarios: ../outside", "policies: ../outside.yaml",
                      "history: ../history.sqlite", "reports: ../../reports", "history: /tmp/elsewhere.sqlite"])
    func aConfigPathOutOfTheSuiteIsRefusedAtItsKey(_ line: String) throws {
        let root = Fixtures.suite(base.merging(["supportsim.yml": "version: 1\nname: Hostile\n\(line)\n"]) { $1 })
        let found = problems(root)
        let d = try #require(found.first)
        #expect(d.file == "supportsim.yml")
        #expect(d.line == 3)
        #expect(d.column > 1)
        #expect(d.message.contains("leads outside the suite folder"))
        #expect(d.message.contains("--allow-outside-paths"))
        // The user may ask for it.
        #expect(!problems(root, allowOutside: true).contains { $0.message.contains("outside the suite") })
    }

    @Test func aScenarioLinkedOutOfTheSuiteIsRefused() throws {
        let root = Fixtures.suite(base)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/passwd.yaml").path,
                                                   withDestinationPath: "/etc/passwd")
        let found = problems(root)
        let d = try #require(found.first { $0.file == "scenarios/passwd.yaml" })
        #expect(d.message.contains("symbolic link leads outside the suite folder (to /etc/passwd)"))
        #expect(!found.contains { $0.message.contains("root:") }, "nothing of the linked file is read")
    }

    @Test func aFolderLinkedOutOfTheSuiteIsRefusedAndALinkInsideIsFollowed() throws {
        let outside = Fixtures.suite(["x.yaml": "turns: [{customer: Hi}]\n"])
        let root = Fixtures.suite(base.merging(["shared/y.yaml": "turns: [{customer: Hey}]\n"]) { $1 })
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/out").path,
                                                   withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/in").path,
                                                   withDestinationPath: root.appendingPathComponent("shared").path)
        let found = problems(root)
        #expect(found.map(\.file) == ["scenarios/out"])
        try FileManager.default.removeItem(at: root.appendingPathComponent("scenarios/out"))
        let suite = try SuiteLoader(root: root).load()
        #expect(suite.scenarios.map(\.id) == ["in/y", "ok"])
    }

    @Test func aLinkLoopIsWalkedOnce() throws {
        let root = Fixtures.suite(base)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/loop").path,
                                                   withDestinationPath: root.appendingPathComponent("scenarios").path)
        let suite = try SuiteLoader(root: root).load()
        #expect(suite.scenarios.map(\.id).contains("ok"))
    }

    // MARK: Control characters

    @Test(arguments: [#"tags: ["billing\0x"]"#, #"tags: ["a\e[2Jb"]"#])
    func controlCharactersInATagAreRefused(_ tagLine: String) throws {
        let root = Fixtures.suite(base.merging(["scenarios/tagged.yaml": "\(tagLine)\nturns:\n  - customer: Hi\n"]) { $1 })
        let d = try #require(problems(root).first { $0.file == "scenarios/tagged.yaml" })
        #expect(d.message.hasPrefix("expected an identifier without control characters"))
        #expect(d.path == "tags[0]")
        #expect(!d.description.contains("\u{0}") && !d.description.contains("\u{1B}"))
    }

    @Test func controlCharactersInARecordIDAreRefused() throws {
        let root = Fixtures.suite(base.merging([
            "scenarios/world/customers.yaml": "customers:\n  - {id: \"C-\\x1b1\", name: Ann Lee}\n",
        ]) { $1 })
        let d = try #require(problems(root).first)
        #expect(d.file == "scenarios/world/customers.yaml")
        #expect(d.path == "customers[0].id")
    }

    @Test func agentTextIsNeutralisedButLineBreaksStay() {
        #expect(SafeText.neutralized("ok\u{1B}[2J\u{1B}]0;pwned\u{7}\nnext\u{202E}") == "ok\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\nnext\\u{202e}")
        #expect(SafeText.neutralized("plain text, 49.00 €") == "plain text, 49.00 €")
        #expect(SafeText.neutralized("C1 \u{9B}31m") == "C1 \\u{9b}31m")
    }
}

/// The process's peak resident memory (VmHWM), in KiB.
enum PeakMemory {
    static func highWaterMarkKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
