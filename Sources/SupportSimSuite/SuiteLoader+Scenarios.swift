import Foundation
import SupportSimCore

/// What every scenario file is checked against: the rest of the suite, loaded before them.
struct ScenarioFileContext: Sendable {
    let config: SuiteConfig
    let tools: ToolCatalogue
    let custom: [DeclaredCollection]
    /// Record ids the world files define, by collection.
    let sharedIDs: [String: Set<String>]
    let policyIDs: Set<String>
    let vocabulary: ExpectationVocabulary
}

/// One scenario file, parsed and checked on its own. What depends on other scenario files
/// (a duplicate id) is left to the loader, which takes the files in order.
struct LoadedScenarioFile: Sendable {
    /// The id the file's path gives it, when it has no valid scenario.
    let id: String
    let file: String
    let scenario: Scenario?
    /// Where its `id:` is written, for a duplicate-id diagnostic.
    let idMark: Location?
    var problems: [Diagnostic]
    /// Names in its expectations nobody can produce (after the duplicate-id check, as reported).
    let vocabularyProblems: [Diagnostic]
    let warnings: [Diagnostic]
}

extension SuiteLoader {
    func loadScenario(_ url: URL, base: URL, _ context: ScenarioFileContext) -> LoadedScenarioFile {
        let config = context.config
        let file = SuiteFiles.relative(url, to: root)
        var rel = SuiteFiles.relative(url, to: base)
        for ext in [".yaml", ".yml"] where rel.hasSuffix(ext) { rel = String(rel.dropLast(ext.count)) }
        var v = NodeValidator(file: file, catalogue: context.tools)
        var scenario: Scenario?
        if let value = parse(url, Schemas.scenarioFile(custom: context.custom), into: &v) {
            scenario = ModelBuilders.scenario(value, id: rel, file: file, customerModel: config.customerModel, validator: &v)
        }
        var problems = v.diagnostics + Self.duplicates(v.definitions)
        var vocabularyProblems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        if rel.unicodeScalars.contains(where: IdentifierText.isControl) {
            problems.append(Diagnostic(file: SafeText.neutralized(file), line: 1, column: 1, path: "",
                                       message: "a scenario's file name is its id and may hold no control characters"))
        }
        let localIDs = Dictionary(grouping: v.definitions, by: \.collection).mapValues { Set($0.map(\.id)) }
        for ref in v.references where !(context.sharedIDs[ref.collection]?.contains(ref.id) ?? false)
            && !(localIDs[ref.collection]?.contains(ref.id) ?? false)
        {
            problems.append(Self.dangling(ref))
        }
        if let s = scenario {
            problems += Self.domainProblems(s, config: config, marks: v.marks, file: file)
            if s.turns.isEmpty, s.tau != nil, s.customerModel == nil {
                warnings.append(Diagnostic(
                    file: file, line: 1, column: 1, path: "turns",
                    message: "this tau task has no recorded customer turns: it needs a model-driven customer to play "
                        + "the task's instruction, and none is configured, so it is reported as not played",
                    severity: .warning))
            }
            if s.goal != nil, s.customerModel == nil {
                let at = v.marks["goal"] ?? Location(file: file, line: 1, column: 1, path: "goal")
                warnings.append(Diagnostic(
                    file: file, line: at.line, column: at.column, path: "goal",
                    message: "a goal needs a model to play the customer, and none is configured (customer_model: in "
                        + "supportsim.yml or this scenario); a run reports this scenario as not played", severity: .warning))
            }
            if config.judge == nil, let first = s.judgeChecks.first {
                let path = first.turn.map { "turns[\($0)].expect.judge" } ?? "expect.judge"
                let at = v.marks[path] ?? Location(file: file, line: 1, column: 1, path: path)
                warnings.append(Diagnostic(
                    file: file, line: at.line, column: at.column, path: path,
                    message: "judge checks cannot run: no judge model is configured (judge: in supportsim.yml); "
                        + "a run reports them as not scored, which fails the scenario", severity: .warning))
            }
            for (i, waived) in s.waive.enumerated() where !context.policyIDs.contains(waived) {
                let at = v.marks["waive[\(i)]"] ?? Location(file: file, line: 1, column: 1, path: "waive")
                problems.append(Diagnostic(file: file, line: at.line, column: at.column, path: at.path,
                                           message: "unknown policy \"\(waived)\""
                                           + Suggestion.didYouMean(waived, Array(context.policyIDs))))
            }
            let named = context.vocabulary.check(s, marks: v.marks, file: file)
            vocabularyProblems = named.filter { $0.severity == .error }
            warnings += named.filter { $0.severity == .warning }
        }
        return LoadedScenarioFile(id: rel, file: file, scenario: scenario, idMark: v.marks["id"], problems: problems,
                                  vocabularyProblems: vocabularyProblems, warnings: warnings)
    }
}

/// A YAML file parsed and validated against its shape, with what its validator collected.
struct ParsedFile: Sendable {
    let value: JSONValue?
    let diagnostics: [Diagnostic]
    let definitions: [RecordMention]
    let references: [RecordMention]
}
