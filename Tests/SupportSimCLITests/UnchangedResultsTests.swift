import Crypto
import Foundation
import SupportSimCore
import SupportSimTesting
import Testing

/// Adding domains (tau-bench) left SupportSim's own domain as it was: acme-mini and the bundled
/// suite give the results.json they gave before, apart from the run's id and wall times. The
/// digests were taken from the build before domains existed; a deliberate change to results
/// must update them (run this test and take the digest it reports). The bundled suite's changed
/// once since: a visitor identified only by e-mail no longer hears the tracking number, and
/// refund demands are read as refunds more surely (red-team work).
@Suite(.serialized)
struct UnchangedResultsTests {
    static let acmeMiniDigest = "029dc6145c1fb65da3c88f9be1cc6bf4414e4a75aaf385f9ee1f90076b8a8e52"
    static let bundledDigest = "686dcfbc1007add490063b8778da65f028df37c63247b670347a8fbfaf7b5fc2"

    /// results.json without what differs between two runs of the same suite and agent.
    static func normalizedDigest(_ resultsFile: URL) throws -> String {
        guard case .object(var results) = try JSONValue.parse(Data(contentsOf: resultsFile)),
              case .object(var run) = results["run"] ?? .null
        else { throw CocoaError(.fileReadCorruptFile) }
        // The commit is provenance: the bundled suite is this repository, whose commit moves.
        for key in ["id", "started_at", "finished_at", "wall_ms", "git_commit"] { run[key] = nil }
        results["run"] = .object(run)
        let digest = SHA256.hash(data: Data(JSONValue.object(results).jsonText().utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
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
