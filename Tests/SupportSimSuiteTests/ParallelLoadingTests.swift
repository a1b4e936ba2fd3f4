import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// Scenario and world files are parsed on every core. Which file finishes first must never show:
/// the scenarios come in the files' order, a duplicate id is reported against the later file,
/// and a record defined in two world files is reported against the later file.
struct ParallelLoadingTests {
    private func suiteFiles(scenarios: Int) -> [String: String] {
        var files: [String: String] = [
            "supportsim.yml": "version: 1\nname: Parallel\n",
            "scenarios/world/a-customers.yaml": "customers:\n  - {id: C-1, name: First Name, email: a@example.com}\n",
            "scenarios/world/b-customers.yaml": "customers:\n  - {id: C-2, name: Other, email: b@example.com}\n",
        ]
        for i in 0..<scenarios {
            files["scenarios/group\(i % 7)/s\(String(format: "%03d", i)).yaml"] = "customer: C-1\nturns:\n  - customer: Hello number \(i)\n"
        }
        return files
    }

    @Test func scenariosComeInFileOrderEveryTime() throws {
        let root = Fixtures.suite(suiteFiles(scenarios: 120))
        let first = try SuiteLoader(root: root).load()
        #expect(first.scenarios.count == 120)
        #expect(first.scenarios.map(\.id) == first.scenarios.map(\.id).sorted())
        for _ in 0..<5 {
            let again = try SuiteLoader(root: root).load()
            #expect(again.scenarios.map(\.id) == first.scenarios.map(\.id))
            #expect(again.scenarios.map(\.turns.first?.customer) == first.scenarios.map(\.turns.first?.customer))
        }
    }

    @Test func aDuplicateIDIsReportedAgainstTheLaterFileEveryTime() throws {
        var files = suiteFiles(scenarios: 60)
        files["scenarios/group0/s000.yaml"] = "id: same\nturns:\n  - customer: Hi\n"
        files["scenarios/group6/s055.yaml"] = "id: same\nturns:\n  - customer: Hi\n"
        let root = Fixtures.suite(files)
        for _ in 0..<5 {
            #expect(throws: SuiteLoadError.self) { try SuiteLoader(root: root).load() }
            do {
                _ = try SuiteLoader(root: root).load()
            } catch {
                #expect(error.diagnostics.map(\.description)
                        == ["scenarios/group6/s055.yaml:1:5: id: duplicate scenario id \"same\" (also in scenarios/group0/s000.yaml)"])
            }
        }
    }

    @Test func aRecordInTwoWorldFilesIsReportedAgainstTheLaterFile() throws {
        var files = suiteFiles(scenarios: 3)
        files["scenarios/world/z-override.yaml"] = "customers:\n  - {id: C-1, name: Later Name, email: a@example.com}\n"
        let root = Fixtures.suite(files)
        // A record defined twice is an error, named at the later file whichever is parsed first.
        do {
            _ = try SuiteLoader(root: root).load()
            Issue.record("a record defined twice must be reported")
        } catch {
            #expect(error.diagnostics.map(\.description).contains {
                $0.hasPrefix("scenarios/world/z-override.yaml:2:10: customers[0].id: duplicate id \"C-1\" in customers (first defined at scenarios/world/a-customers.yaml")
            }, "\(error.diagnostics)")
        }
    }

    @Test func theFileTreeIsSortedSkipsHiddenEntriesAndFollowsLinkedFilesOnly() throws {
        let root = Fixtures.temporaryFolder("tree")
        let fm = FileManager.default
        for dir in ["b/inner", "a", ".git", "c"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        for file in ["b/inner/x.yaml", "b/y.yaml", "a/z.yaml", ".git/config", "a/.swap.yaml", "top.md"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("c/linked.yaml").path,
                                  withDestinationPath: root.appendingPathComponent("top.md").path)
        // A link back up the tree: followed, it would never end.
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("c/loop").path, withDestinationPath: root.path)
        #expect(FileTree.regularFiles(under: root) == ["a/z.yaml", "b/inner/x.yaml", "b/y.yaml", "c/linked.yaml", "top.md"])
        #expect(FileTree.regularFiles(under: root.appendingPathComponent("missing")) == [])
    }

    @Test func aParallelMapKeepsTheItemsOrder() {
        let items = Array(0..<5_000)
        #expect(ParallelMap.map(items) { $0 * 3 } == items.map { $0 * 3 })
        #expect(ParallelMap.map([7]) { $0 + 1 } == [8])
        #expect(ParallelMap.map([Int]()) { $0 } == [])
    }
}
