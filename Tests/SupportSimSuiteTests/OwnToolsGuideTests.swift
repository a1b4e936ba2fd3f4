import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// docs/your-own-tools.md shows the files of examples/ledgerly (which OwnToolsExampleTests runs)
/// and of DeclaredToolsFixture: every line of its YAML examples is a line of those files, so the
/// guide cannot drift from what loads and runs. (`{...}` marks a part left out.)
struct OwnToolsGuideTests {
    static func sourceLines() throws -> Set<String> {
        let example = Fixtures.repositoryRoot.appendingPathComponent("examples/ledgerly")
        var texts = Array(DeclaredToolsFixture.files.values)
        let files = FileManager.default.enumerator(at: example, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for url in files where url.pathExtension == "yaml" || url.pathExtension == "yml" {
            texts.append(try String(contentsOf: url, encoding: .utf8))
        }
        return Set(texts.flatMap { $0.components(separatedBy: "\n") }.map(normalized).filter { !$0.isEmpty })
    }

    /// Without comments and surrounding spaces.
    static func normalized(_ line: String) -> String {
        var text = line
        if let hash = text.range(of: "  #") ?? (text.trimmingCharacters(in: .whitespaces).hasPrefix("#") ? text.range(of: "#") : nil) {
            text = String(text[..<hash.lowerBound])
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    @Test func everyLineOfTheGuidesExamplesIsInAFileThatLoads() throws {
        let guide = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/your-own-tools.md"), encoding: .utf8)
        let blocks = guide.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```").first ?? "" }
        #expect(blocks.count >= 5)
        let known = try Self.sourceLines()
        for block in blocks {
            for line in block.components(separatedBy: "\n").map(Self.normalized) where !line.isEmpty && !line.contains("{...}") {
                #expect(known.contains(line), "docs/your-own-tools.md shows a line no example file has: \(line)")
            }
        }
    }
}
