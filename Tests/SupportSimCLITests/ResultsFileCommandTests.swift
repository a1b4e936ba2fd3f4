import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `show` and `drift` after a `--no-history` run: they read the results.json it wrote and need
/// no history (a fresh CI clone has none).
struct ResultsFileCommandTests {
    @Test func showPrintsARunFromItsResultsJSON() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let out = Fixtures.temporaryFolder("show-file")
        _ = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q"])
        let results = out.appendingPathComponent("latest/results.json")
        let shown = try SupportSimBinary.run(["show", results.path, "--suite", suite.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("suite Acme mini") && shown.stdout.contains("4 conversations in the file"), "\(shown.stdout)")
        #expect(shown.stdout.contains("PASS  scenario_pass_rate"))
        let missing = try SupportSimBinary.run(["show", out.appendingPathComponent("nope/results.json").path, "--suite", suite.path])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"), "\(missing.stderr)")
    }

    @Test func driftComparesAResultsJSONWithTheCommittedBaselineWithoutAHistory() throws {
        // A fresh clone: the suite with its committed goldens, and no history.
        let suite = Fixtures.copy(Fixtures.bundledSuite)
        try FileManager.default.copyItem(at: Fixtures.bundledSuite.appendingPathComponent("goldens"),
                                         to: suite.appendingPathComponent("goldens"))
        let out = Fixtures.temporaryFolder("drift-file")
        let run = try SupportSimBinary.run(["run", suite.path, "--out", out.path, "--no-history", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let drift = try SupportSimBinary.run(["drift", suite.path, "--current", out.appendingPathComponent("latest/results.json").path,
                                              "--out", out.appendingPathComponent("drift").path])
        #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("drift/drift.md").path))
        #expect(!FileManager.default.fileExists(atPath: suite.appendingPathComponent(".supportsim/history.sqlite").path),
                "no history was created")
    }

    @Test func driftComparesTwoResultsFiles() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let a = Fixtures.temporaryFolder("drift-a"), b = Fixtures.temporaryFolder("drift-b")
        _ = try SupportSimBinary.run(["run", suite.path, "--out", a.path, "--no-history", "-q"])
        _ = try SupportSimBinary.run(["run", suite.path, "--out", b.path, "--no-history", "-q", "--agent",
                                      "exec:python3 \(Fixtures.repositoryRoot.appendingPathComponent("examples/agents/exec_agent.py").path)"])
        let drift = try SupportSimBinary.run(["drift", suite.path, "--current", b.appendingPathComponent("latest/results.json").path,
                                              "--against", a.appendingPathComponent("latest/results.json").path,
                                              "--out", b.appendingPathComponent("drift").path])
        let report = try String(contentsOf: b.appendingPathComponent("drift/drift.md"), encoding: .utf8)
        #expect(drift.status == 0, "\(drift.stderr)")
        #expect(report.contains("scenario_pass_rate") || report.contains("pass rate"), "\(report.prefix(600))")
    }
}
