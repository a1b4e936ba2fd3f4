import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimSuite
import SupportSimTesting
@testable import SupportSimToolImport
import Testing

/// What `tools import` writes is a tools file the suite loader accepts as it is, and a suite
/// using it runs: the agent's calls are answered by the stubs.
struct ImportedSuiteTests {
    static func suite(importing text: String, file: String) throws -> URL {
        let root = Fixtures.suite([
            "supportsim.yml": "version: 1\nname: Imported\n",
            "scenarios/world/customers.yaml": "customers:\n  - {id: C-1, name: Ann Lee}\n",
        ])
        let input = root.appendingPathComponent("_input").appendingPathComponent(file)
        try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: input)
        _ = try ToolImport.run(input: input, output: root.appendingPathComponent("tools/imported.yaml"), force: false)
        try FileManager.default.removeItem(at: input.deletingLastPathComponent())
        return root
    }

    static func load(_ root: URL) throws -> Suite {
        do { return try SuiteLoader(root: root).load() } catch {
            Issue.record("the imported declarations do not load:\n\(error.diagnostics.map(\.description).joined(separator: "\n"))")
            throw error
        }
    }

    @Test func anOpenAPIDocumentsToolsLoadAndAnswer() async throws {
        let root = try Self.suite(importing: PaymentsHelpDesk30.yaml, file: "api.yaml")
        let suite = try Self.load(root)
        let imported = try ToolImport.read(Data(PaymentsHelpDesk30.yaml.utf8), file: "api.yaml")
        #expect(suite.tools.offered.map(\.name) == imported.tools.map(\.name))
        #expect(suite.declaredTools.count == 10 - imported.warnings.filter { $0.contains("skipped") }.count)

        // A suite using them runs: a call of the first tool with its required arguments succeeds.
        let tool = try #require(suite.declaredTools.first)
        var args: [String: JSONValue] = [:]
        for p in tool.parameters where p.required {
            args[p.name] = p.schema.enumValues.first ?? (p.schema.type == .string ? "x" : p.schema.type == .boolean ? false : .number(1))
        }
        let calls = args
        try Data("turns: [{customer: Hi, expect: {actions: [{call: \(tool.name)}]}}]\n".utf8)
            .write(to: root.appendingPathComponent("scenarios/call.yaml"))
        let reloaded = try Self.load(root)
        let agent = ClosureAgent { _, tools in
            let outcome = await tools.call(tool.name, calls)
            return AgentReply(text: outcome.isSuccess ? "Done." : "Failed: \(outcome.json.jsonText())")
        }
        let results = await SuiteRunner(suite: reloaded, agent: agent).run(RunOptions())
        let r = try #require(results.first)
        #expect(r.record.audit.map(\.operation) == [tool.name])
        #expect(r.record.audit.first?.succeeded == true, "\(r.record.audit.first?.outcome.json.jsonText() ?? "")")
    }

    @Test func anOpenAIToolsArrayLoads() throws {
        let suite = try Self.load(try Self.suite(importing: SupportTools.json, file: "tools.json"))
        #expect(suite.declaredTools.count == 4)
        #expect(suite.tools.offered.allSatisfy { $0.inputSchema["type"] == "object" })
    }
}
