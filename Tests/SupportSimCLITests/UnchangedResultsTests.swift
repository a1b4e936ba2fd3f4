import Crypto
import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// Adding domains (tau-bench) left SupportSim's own domain as it was: acme-mini and the bundled
/// suite give the results.json they gave before, apart from the run's id and wall times. The
/// digests were taken from the build before domains existed; a deliberate change to results
/// must update them (run this test and take the digest it reports). Both changed once since:
/// a visitor identified only by e-mail no longer hears the tracking number (red-team work), and
/// the intent classifier no longer trains on the suites' own turns (its confidences moved), and
/// knowledge answers quote the sentences that share the question's words (issue 15), and again
/// for issue 15's general rules: each question of a message gets its own sentence, the refund
/// window is read from the refund article (a kb.search in each refund), and intents of messages
/// that are refunds, duplicate charges or hand-offs only by their words are read otherwise
/// (traces and quoted sentences moved; every scenario passes or fails as before).
@Suite(.serialized)
struct UnchangedResultsTests {
    static let acmeMiniDigest = "fa2551844007686c6a3a9da0eadec038346d6eba26131018247854915f1017b5"
    static let bundledDigest = "35e1a8eb8e8d55a80db384009ae718e5ccf1f52f5944ca5d197b3c17050b3cd0"

    /// results.json without what differs between two runs of the same suite and agent.
    static func normalizedDigest(_ resultsFile: URL) throws -> String {
        let digest = SHA256.hash(data: Data(try normalizedJSON(resultsFile).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// results.json's text without the run's id, wall times and commit.
    static func normalizedJSON(_ resultsFile: URL) throws -> String {
        guard case .object(var results) = try JSONValue.parse(Data(contentsOf: resultsFile)),
              case .object(var run) = results["run"] ?? .null
        else { throw CocoaError(.fileReadCorruptFile) }
        // The commit is provenance: the bundled suite is this repository, whose commit moves.
        for key in ["id", "started_at", "finished_at", "wall_ms", "git_commit"] { run[key] = nil }
        results["run"] = .object(run)
        return JSONValue.object(results).jsonText()
    }

    @Test func acmeMiniGivesTheResultsItGaveBeforeDomains() throws {
        let out = Fixtures.temporaryFolder("unchanged-acme")
        let r = try SupportSimBinary.run(["run", Fixtures.copy(Fixtures.acmeMini).path, "--out", out.path, "--no-history", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let digest = try Self.normalizedDigest(out.appendingPathComponent("latest/results.json"))
        #expect(digest == Self.acmeMiniDigest, "acme-mini's normalized results.json now has digest \(digest)")
    }

    @Test func theBundledSuiteGivesTheResultsItGaveBeforeDomains() throws {
        let out = Fixtures.temporaryFolder("unchanged-bundled")
        let r = try SupportSimBinary.run(["run", Fixtures.bundledSuite.path, "--out", out.path, "--no-history", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let digest = try Self.normalizedDigest(out.appendingPathComponent("latest/results.json"))
        #expect(digest == Self.bundledDigest, "the bundled suite's normalized results.json now has digest \(digest)")
    }
}
