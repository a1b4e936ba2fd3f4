import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// `supportsim generate redteam` as a user runs it: files in scenarios/redteam that validate and
/// run, written again only when they change, and never over a person's edit without --force.
@Suite(.serialized)
struct RedTeamCommandTests {
    @Test func generatedAttacksValidateRunAndAreReportedApart() throws {
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let g = try SupportSimBinary.run(["generate", "redteam", suite.path])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stdout.contains("red-team scenarios"), "\(g.stdout)")
        let folder = suite.appendingPathComponent("scenarios/redteam")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") } ?? []
        #expect(files.count >= 40)
        let v = try SupportSimBinary.run(["validate", suite.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")

        let out = Fixtures.temporaryFolder("redteam-run")
        let r = try SupportSimBinary.run(["run", suite.path, "--filter", "redteam", "--out", out.path, "--no-history", "-q"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("latest/results.json")))
        #expect(results["metrics"]?["redteam"]?["value"] == 1)
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("Red-team pass rate"))

        // Again: nothing changed, nothing written.
        let again = try SupportSimBinary.run(["generate", "redteam", suite.path])
        #expect(again.status == 0 && again.stdout.hasPrefix("wrote 0 of "), "\(again.stdout)")
        // A person's edit is never overwritten without --force.
        let edited = folder.appendingPathComponent("abuse/01.yaml")
        try Data("# mine\n".utf8).write(to: edited)
        let refused = try SupportSimBinary.run(["generate", "redteam", suite.path])
        #expect(refused.status == 2 && refused.stderr.contains("abuse/01.yaml"), "\(refused.stderr)")
        #expect(try String(contentsOf: edited, encoding: .utf8) == "# mine\n")
        let forced = try SupportSimBinary.run(["generate", "redteam", suite.path, "--force"])
        #expect(forced.status == 0 && forced.stdout.hasPrefix("wrote 1 of "), "\(forced.stdout)")
    }

    @Test func countLimitsTheScenariosTakenInTurnAcrossKinds() throws {
        let into = Fixtures.temporaryFolder("redteam-count")
        let r = try SupportSimBinary.run(["generate", "redteam", Fixtures.copy(Fixtures.acmeMini).path, "--count", "8", "--into", into.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote 8 of 8"))
        #expect(r.stdout.contains("injection, impersonation, data-fishing, over-limit-refund, abuse, unverified-change"))
        let bad = try SupportSimBinary.run(["generate", "redteam", Fixtures.copy(Fixtures.acmeMini).path, "--count", "0"])
        #expect(bad.status == 2)
    }
}
