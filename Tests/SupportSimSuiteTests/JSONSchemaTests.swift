import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// The schemas in schemas/ must accept exactly what the loader accepts: they are generated from
/// the loader's shapes, and the committed files must equal a fresh generation
/// (regenerate with `swift run supportsim schema`).
struct JSONSchemaTests {
    @Test(arguments: JSONSchemaExport.all().map(\.file))
    func committedSchemaMatchesTheLoader(_ file: String) throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("schemas").appendingPathComponent(file)
        let committed = try JSONValue.parse(Data(contentsOf: url))
        let generated = try #require(JSONSchemaExport.all().first { $0.file == file }?.schema)
        let committedKeys = committed["properties"]?.objectValue?.keys.sorted() ?? []
        #expect(committedKeys == JSONSchemaExport.topLevelKeys()[file]?.sorted(),
                "top-level keys of \(file) differ from the loader's; run `swift run supportsim schema`")
        #expect(committed == generated, "\(file) is stale; run `swift run supportsim schema`")
    }

    @Test func scenarioSchemaListsEveryExpectationKey() throws {
        let schema = try #require(JSONSchemaExport.all().first { $0.file == "scenario.schema.json" }?.schema)
        let turnExpect = schema["properties"]?["turns"]?["items"]?["properties"]?["expect"]?["properties"]?.objectValue
        #expect(turnExpect?.keys.sorted() == ["actions", "asks_for", "escalates", "forbidden_actions", "intent",
                                              "judge", "matches", "mentions", "not_matches", "not_mentions"])
    }
}
