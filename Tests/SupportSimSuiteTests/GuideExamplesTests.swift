import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// Every YAML example of docs/writing-scenarios.md loads, on top of the acme-mini world.
struct GuideExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var path: String
        var text: String
        var testDescription: String { path }
    }

    static let examples: [Example] = {
        let url = Fixtures.repositoryRoot.appendingPathComponent("docs/writing-scenarios.md")
        guard let guide = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var result: [Example] = []
        let blocks = guide.components(separatedBy: "```yaml\n").dropFirst()
        for block in blocks {
            let text = block.components(separatedBy: "```").first ?? ""
            guard let first = text.split(separator: "\n").first, first.hasPrefix("# ") else { continue }
            result.append(Example(path: String(first.dropFirst(2)), text: text))
        }
        return result
    }()

    @Test func theGuideHasExamplesAndEachNamesItsFile() {
        #expect(Self.examples.count >= 10)
    }

    @Test(arguments: examples)
    func exampleLoads(_ example: Example) throws {
        let root = Fixtures.copy(Fixtures.acmeMini)
        let file = root.appendingPathComponent(example.path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(example.text.utf8).write(to: file)
        do {
            let suite = try SuiteLoader(root: root).load()
            if example.path.hasPrefix("scenarios/"), !example.path.hasSuffix("policies.yaml") {
                var id = String(example.path.dropFirst("scenarios/".count))
                id = String(id.dropLast(".yaml".count))
                #expect(suite.scenarios.contains { $0.id == id })
            }
        } catch {
            Issue.record("\(example.path) does not load:\n\(error)")
        }
    }
}
