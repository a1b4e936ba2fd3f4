import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// `validate` and the committed JSON Schemas give the same verdict on every suite file in the
/// repository and on a corpus of broken ones, judged by a validator we did not write
/// (python-jsonschema). The only disagreements are the ones docs/schemas.md lists, each with the
/// reason a JSON Schema cannot state that rule.
@Suite(.serialized)
struct SchemaAgreementTests {
    static let root = Fixtures.repositoryRoot
    static let runnable = ExternalClients.shouldRun(python: "jsonschema")

    @Test(.enabled(if: runnable, "needs python3 with jsonschema: pip install jsonschema"))
    func everyRepositorySuiteFileIsValidForBothValidators() throws {
        try requirePythonJSONSchema()
        // Fixtures.acmeMini is examples/acme-mini itself where the shared copy is absent.
        var suites: [URL] = []
        for suite in [Self.root, Self.root.appendingPathComponent("examples/acme-mini"), Fixtures.acmeMini]
        where !suites.contains(where: { $0.standardizedFileURL.path == suite.standardizedFileURL.path }) {
            suites.append(suite)
        }
        var documents: [(label: String, schema: String, text: String)] = []
        for suite in suites {
            // validate's verdict: the whole suite loads, so every file in it is valid.
            #expect(throws: Never.self, "\(suite.path) no longer validates") { try SuiteLoader(root: suite).load() }
            for (path, schema) in Self.suiteFiles(in: suite) {
                let text = try String(contentsOf: suite.appendingPathComponent(path), encoding: .utf8)
                documents.append((suite.appendingPathComponent(path).path, schema, text))
            }
        }
        #expect(documents.count >= 60, "expected every scenario of the bundled suite, found \(documents.count) files")
        // The guide's examples, which GuideExamplesTests loads with validate.
        for example in GuideExamplesTests.examples {
            documents.append(("docs/writing-scenarios.md: \(example.path)", Self.schema(for: example.path), example.text))
        }
        for (label, verdict) in try Self.schemaVerdicts(documents) where verdict != nil {
            Issue.record("the JSON Schema rejects \(label), which validate accepts: \(verdict!)")
        }
    }

    @Test(.enabled(if: runnable, "needs python3 with jsonschema: pip install jsonschema"))
    func brokenFilesGetTheSameVerdictExceptWhereTheDocsSayWhy() throws {
        try requirePythonJSONSchema()
        #expect(brokenFiles.count >= 60)
        let suite = Fixtures.copy(Fixtures.acmeMini)
        var validateRejects: [String: Bool] = [:]
        for broken in brokenFiles {
            validateRejects[broken.name] = Self.validateRejects(broken, in: suite)
        }
        let schema = try Self.schemaVerdicts(brokenFiles.map { ($0.name, $0.schema, $0.text) })
        let listed = Self.documentedDisagreements()
        var disagreeing: Set<String> = []
        for broken in brokenFiles {
            #expect(validateRejects[broken.name] == true, "validate accepts the broken file \(broken.name)")
            if schema[broken.name]! == nil { disagreeing.insert(broken.name) }
        }
        for name in disagreeing.subtracting(listed).sorted() {
            Issue.record("the JSON Schema accepts \(name), which validate rejects; tighten the schema or list it in docs/schemas.md")
        }
        for name in listed.subtracting(disagreeing).sorted() {
            Issue.record("docs/schemas.md lists \(name) as a disagreement, but both now reject it; remove it from the list")
        }
    }

    @Test(.enabled(if: runnable, "needs python3 with jsonschema: pip install jsonschema"))
    func unusualButValidFilesAreAcceptedByBoth() throws {
        try requirePythonJSONSchema()
        let suite = Fixtures.copy(Fixtures.acmeMini)
        let schema = try Self.schemaVerdicts(acceptedFiles.map { ($0.name, $0.schema, $0.text) })
        for file in acceptedFiles {
            #expect(!Self.validateRejects(file, in: suite), "validate rejects \(file.name)")
            #expect(schema[file.name]! == nil, "the JSON Schema rejects \(file.name): \(schema[file.name]!!)")
        }
    }

    /// The rule for every external client: a missing one skips its test, unless CI requires all.
    @Test func aMissingPythonModuleSkipsItsTestUnlessEverythingIsRequired() {
        #expect(!ExternalClients.python(module: "supportsim_no_such_module"))
        #expect(ExternalClients.shouldRun(python: "supportsim_no_such_module") == ExternalClients.requireAll)
    }

    // MARK: - Helpers

    /// Under SUPPORTSIM_REQUIRE_ALL the test runs without the module, and fails here.
    private func requirePythonJSONSchema() throws {
        try #require(ExternalClients.python(module: "jsonschema"),
                     "python3 with the jsonschema module is required (SUPPORTSIM_REQUIRE_ALL=1): pip install jsonschema")
    }

    /// Suite files by path, with the schema for each (scenarios.md, "Suite layout").
    static func suiteFiles(in suite: URL) -> [(String, String)] {
        var result: [(String, String)] = []
        if FileManager.default.fileExists(atPath: suite.appendingPathComponent("supportsim.yml").path) {
            result.append(("supportsim.yml", "supportsim.schema.json"))
        }
        let scenarios = suite.appendingPathComponent("scenarios")
        let walker = FileManager.default.enumerator(atPath: scenarios.path)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"),
                !path.split(separator: "/").contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") })
            else { continue }
            result.append(("scenarios/" + path, schema(for: "scenarios/" + path)))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    static func schema(for path: String) -> String {
        path == "supportsim.yml" ? "supportsim.schema.json"
            : path == "scenarios/policies.yaml" ? "policies.schema.json"
            : path.hasPrefix("scenarios/world/") ? "world.schema.json" : "scenario.schema.json"
    }

    /// Writes the broken file into the suite, loads it, and puts the suite back.
    static func validateRejects(_ broken: BrokenFile, in suite: URL) -> Bool {
        let url = suite.appendingPathComponent(broken.path)
        let original = try? Data(contentsOf: url)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(broken.text.utf8).write(to: url)
        defer {
            if let original { try? original.write(to: url) } else { try? FileManager.default.removeItem(at: url) }
        }
        do {
            _ = try SuiteLoader(root: suite).load()
            return false
        } catch {
            // Rejected for this file's mistake, not for something else in the suite (a moved
            // world path is reported at the config).
            let blamed = Set(error.diagnostics.map(\.file))
            #expect(blamed.contains(broken.path) || blamed == ["supportsim.yml"],
                    "\(broken.name) is rejected for problems elsewhere: \(error)")
            return true
        }
    }

    /// label → nil when the schema accepts the document, else its first complaint.
    static func schemaVerdicts(_ documents: [(label: String, schema: String, text: String)]) throws -> [String: String?] {
        let folder = Fixtures.temporaryFolder("schema-check")
        var list = ""
        var labels: [String: String] = [:]
        for (i, document) in documents.enumerated() {
            let json = folder.appendingPathComponent("\(i).json")
            // YAML the loader's YAML reader cannot read is handed over as a missing file.
            if let value = YAMLToJSON.convert(document.text) { try Data(value.jsonText().utf8).write(to: json) }
            list += "\(document.schema)\t\(json.path)\n"
            labels[json.path] = document.label
        }
        let listFile = folder.appendingPathComponent("list.tsv")
        try Data(list.utf8).write(to: listFile)
        let script = root.appendingPathComponent("Tests/SupportSimSuiteTests/Fixtures/schema_check.py")
        let run = try ExternalClients.runPython([script.path, root.appendingPathComponent("schemas").path, listFile.path])
        try #require(run.status == 0, "schema_check.py failed: \(run.error)")
        var verdicts: [String: String?] = [:]
        for line in run.output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count >= 2, let label = labels[fields[1]] else { continue }
            verdicts[label] = fields[0] == "valid" ? .some(nil) : .some(fields.count > 2 ? fields[2] : "invalid")
        }
        #expect(verdicts.count == documents.count, "schema_check.py gave \(verdicts.count) verdicts for \(documents.count) files")
        return verdicts
    }

    /// The case names in the table under "## Where they disagree" in docs/schemas.md.
    static func documentedDisagreements() -> Set<String> {
        let url = root.appendingPathComponent("docs/schemas.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
            let section = text.components(separatedBy: "## Where they disagree").dropFirst().first
        else { return [] }
        var names: Set<String> = []
        for line in section.components(separatedBy: "\n## ").first!.split(separator: "\n") where line.hasPrefix("| `") {
            if let name = line.dropFirst(3).split(separator: "`").first { names.insert(String(name)) }
        }
        return names
    }
}
