import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTesting
import Testing

/// A YAML mistake is reported as what the writer did, at the line and column where they did it,
/// not as the parser state libyaml was in ("did not find expected key").
struct YAMLErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a tab indents a line",
             text: "turns:\n\t- customer: Hi\n",
             expected: "scenarios/x.yaml:2:1: invalid YAML: tab characters cannot indent YAML; use spaces"),
        Case(name: "a tab after spaces",
             text: "turns:\n  - customer: Hi\n    expect:\n    \tintent: other\n",
             expected: "scenarios/x.yaml:4:5: invalid YAML: tab characters cannot indent YAML; use spaces"),
        Case(name: "a key indented deeper than the one above",
             text: "title: Indented\n  channel: chat\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:2:3: invalid YAML: this line is indented differently from the keys above it"),
        Case(name: "a key indented less than its siblings",
             text: "turns:\n  - customer: Hi\n    expect:\n      intent: other\n     mentions: [a]\n",
             expected: "scenarios/x.yaml:5:6: invalid YAML: this line is indented differently from the keys above it"),
        Case(name: "a quote never closed",
             text: "title: \"Charged twice\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:1:8: invalid YAML: this quoted value is never closed; add the closing quote"),
        Case(name: "a bracket never closed",
             text: "tags: [billing, refund\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:1:7: invalid YAML: this [ list is not closed with ] (or a comma is missing between its items)"),
        Case(name: "a brace never closed",
             text: "knows: {last4: \"4242\"\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:1:8: invalid YAML: this { mapping is not closed with } (or a comma is missing between its entries)"),
        Case(name: "a colon inside an unquoted value",
             text: "title: Refund: charged twice\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:1:14: invalid YAML: a colon inside an unquoted value; quote the value (or, if this is a key, indent it like the keys around it)"),
        Case(name: "a value starting with a backtick",
             text: "title: `code`\nturns:\n  - customer: Hi\n",
             expected: "scenarios/x.yaml:1:8: invalid YAML: \"`\" cannot start an unquoted value; quote the value"),
        Case(name: "a duplicate key",
             text: "title: a\ntitle: b\nturns: [{customer: Hi}]\n",
             expected: "scenarios/x.yaml:1:1: invalid YAML: duplicate key \"title\""),
    ]

    @Test(arguments: cases)
    func yamlMistakesAreToldInTheWritersTerms(_ c: Case) throws {
        let root = Fixtures.suite(["scenarios/x.yaml": c.text])
        let error = try #require(throws: SuiteLoadError.self) { try SuiteLoader(root: root).load() }
        #expect(error.diagnostics.map(\.description) == [c.expected])
    }
}
