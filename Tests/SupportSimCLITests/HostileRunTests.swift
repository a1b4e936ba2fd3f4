import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// What `run`, `gate` and `history` promise when things around them go wrong (docs/security.md).
@Suite(.serialized)
struct HostileRunTests {
    @Test func aRunWhoseReportsCannotBeWrittenIsNeverStoredAsComplete() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let notAFolder = Fixtures.temporaryFolder("out").appendingPathComponent("file")
        try Data("in the way".utf8).write(to: notAFolder)
        let r = try SupportSimBinary.run(["run", root.path, "--out", notAFolder.path])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        let history = try SupportSimBinary.run(["history", root.path])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("incomplete"), "\(history.stdout)")
        #expect(!history.stdout.split(separator: "\n").dropFirst().contains { $0.hasSuffix("  complete") })
    }

    @Test func gateOnARunWithoutResultsSaysWhatIsMissingAndWhatToDo() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let reports = Fixtures.temporaryFolder("reports")
        try FileManager.default.createDirectory(at: reports.appendingPathComponent("20261201-000000-abcd"),
                                                withIntermediateDirectories: true)
        let r = try SupportSimBinary.run(["gate", "20261201-000000-abcd", "--suite", root.path, "--reports", reports.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("20261201-000000-abcd/results.json does not exist"))
        #expect(r.stderr.contains("supportsim history"))
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aSuiteLinkingOutsideItselfIsRefusedUnlessAllowed() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/leak.yaml").path,
                                                   withDestinationPath: "/etc/passwd")
        let r = try SupportSimBinary.run(["validate", root.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("scenarios/leak.yaml:1:1: this symbolic link leads outside the suite folder (to /etc/passwd)"))
        let allowed = try SupportSimBinary.run(["validate", root.path, "--allow-outside-paths"])
        #expect(!allowed.stderr.contains("outside the suite folder"))
    }

    @Test func aReportsFolderLinkedElsewhereIsNotWrittenOrEmptied() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let elsewhere = Fixtures.temporaryFolder("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("latest"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: elsewhere.appendingPathComponent("latest/precious.txt"))
        try? FileManager.default.removeItem(at: root.appendingPathComponent("reports"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("reports").path,
                                                   withDestinationPath: elsewhere.path)
        let r = try SupportSimBinary.run(["run", root.path, "--no-history"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("reports path \"reports\" leads outside the suite folder"))
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("latest/precious.txt").path))
    }
}

/// The CI command of docs/ci.md, as a fresh clone of the bundled suite runs it.
@Suite(.serialized)
struct CICommandTests {
    /// A fresh clone: the suite's config, scenarios and committed goldens, and no history.
    static func freshClone() throws -> URL {
        let root = Fixtures.temporaryFolder("clone")
        for item in ["supportsim.yml", "scenarios", "goldens"] {
            try FileManager.default.copyItem(at: Fixtures.bundledSuite.appendingPathComponent(item),
                                             to: root.appendingPathComponent(item))
        }
        return root
    }

    @Test func theDocumentedCICommandPassesOnAFreshCloneWithItsCommittedBaseline() throws {
        let guide = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        #expect(guide.contains("supportsim run --no-history"))
        let root = try Self.freshClone()
        let r = try SupportSimBinary.run(["run", "--no-history"], in: root)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS  drift.regressions = 0"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".supportsim").path))
    }
}

/// `golden approve` never makes a failing run the baseline by accident, and works without a
/// history from a results.json.
@Suite(.serialized)
struct GoldenApproveTests {
    @Test func aFailingRunIsApprovedOnlyWithForce() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try addImpossibleScenario(to: root)
        let run = try SupportSimBinary.run(["run", root.path, "--out", Fixtures.temporaryFolder("r").path])
        #expect(run.status == 1)
        let refused = try SupportSimBinary.run(["golden", "approve", root.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("1 conversation(s) did not pass"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("goldens/baseline.json").path))
        let forced = try SupportSimBinary.run(["golden", "approve", root.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("goldens/baseline.json").path))
    }

    @Test func aRunWithoutHistoryIsApprovedFromItsResultsFile() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("r")
        let run = try SupportSimBinary.run(["run", root.path, "--no-history", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let results = out.appendingPathComponent("latest/results.json").path
        let approved = try SupportSimBinary.run(["golden", "approve", root.path, "--results", results])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("file(s) written"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".supportsim").path), "no history was created")
        let baseline = try JSONValue.parse(Data(contentsOf: root.appendingPathComponent("goldens/baseline.json")))
        #expect(baseline["scenarios"]?.arrayValue?.count == 4)
        // The next run drifts against it, still without a history.
        let next = try SupportSimBinary.run(["run", root.path, "--no-history", "--out", out.path])
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
    }
}

/// In a pipe, failures are printed once per scenario at the end, not once per trial.
@Suite(.serialized)
struct FailureOutputTests {
    @Test func repeatedFailuresOfOneScenarioArePrintedAsOneLine() throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        try addImpossibleScenario(to: root)
        let r = try SupportSimBinary.run(["run", root.path, "--repeat", "5", "--no-history", "--out", Fixtures.temporaryFolder("r").path])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("impossible") }
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(lines.first?.hasPrefix("FAIL impossible (5 of 5 trials) — turn 0: mentions: expected a phrase no agent says") == true)
    }
}

/// A scenario no agent can pass: its expected phrase is never said.
func addImpossibleScenario(to root: URL) throws {
    try Data("turns:\n  - customer: Hello\n    expect: {mentions: [\"a phrase no agent says\"]}\n".utf8)
        .write(to: root.appendingPathComponent("scenarios/impossible.yaml"))
}
