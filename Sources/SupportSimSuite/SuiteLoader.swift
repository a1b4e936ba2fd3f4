import Foundation
import SupportSimCore
import Yams

/// Loads a suite folder (scenarios.md): config, world, knowledge base, policies and scenarios.
/// Every file is read and every problem collected before anything is reported.
public struct SuiteLoader: Sendable {
    public static let supportedVersion = 1
    /// How many values beyond the file's own size its aliases may add.
    public static let aliasExpansionLimit = 100_000
    public let root: URL
    /// Paths that lead outside the suite folder are refused unless this is set
    /// (`--allow-outside-paths`; docs/security.md).
    public let paths: SuitePaths

    public init(root: URL, allowOutsidePaths: Bool = false) {
        self.root = root.standardizedFileURL
        self.paths = SuitePaths(root: root.standardizedFileURL, allowOutside: allowOutsidePaths)
    }

    /// The suite, or every problem found in it.
    /// - Parameter skipInvalid: keep going when scenario files are invalid; they are returned in
    ///   `Suite.invalidScenarios`. Problems outside scenario files still fail the load.
    public func load(skipInvalid: Bool = false) throws(SuiteLoadError) -> Suite {
        var diagnostics: [Diagnostic] = []
        guard SuiteFiles.isDirectory(root) else {
            throw SuiteLoadError(diagnostics: [Diagnostic(file: root.path, line: 1, column: 1, path: "",
                                                          message: "expected a suite folder, found no such folder")])
        }

        // Config
        var config = SuiteConfig()
        let configURL = ["supportsim.yml", "supportsim.yaml"].map { root.appendingPathComponent($0) }
            .first(where: SuiteFiles.exists)
        var configMarks: [String: Location] = [:]
        if let configURL {
            var v = NodeValidator(file: SuiteFiles.relative(configURL, to: root))
            if let problem = SuiteFiles.linkProblem(configURL, paths: paths, root: root) {
                diagnostics.append(problem)
            } else if let value = parse(configURL, Schemas.configFile, into: &v) {
                config = ModelBuilders.config(value, validator: &v)
            }
            diagnostics += v.diagnostics
            configMarks = v.marks
        }
        let outside = outsidePaths(config, configURL: configURL, marks: configMarks)
        diagnostics += outside
        // Nothing is read through a path that leads out of the suite.
        if !outside.isEmpty { throw SuiteLoadError(diagnostics: diagnostics) }
        let declared = loadDeclaredTools(config, diagnostics: &diagnostics)
        let custom = declared.collections
        let tools = toolCatalogue(config, diagnostics: &diagnostics).adding(declared.tools)

        // World and knowledge base
        var definitions: [RecordMention] = []
        var references: [RecordMention] = []
        var collections: [String: RecordTable] = [:]
        var articles: [KnowledgeArticle] = []
        var worldFiles: [URL] = []
        var excluded: [URL] = []
        for entry in config.world {
            let url = root.appendingPathComponent(entry)
            excluded.append(url)
            if SuiteFiles.isDirectory(url) {
                worldFiles += SuiteFiles.files(in: url, extensions: ["yaml", "yml"], paths: paths, root: root,
                                               refused: &diagnostics)
                let kb = url.appendingPathComponent("kb")
                for md in SuiteFiles.files(in: kb, extensions: ["md"], paths: paths, root: root, refused: &diagnostics) {
                    let (article, problems) = loadArticle(md)
                    diagnostics += problems
                    if let article { articles.append(article) }
                }
            } else if SuiteFiles.exists(url) {
                worldFiles.append(url)
            } else if entry != "scenarios/world" || configURL != nil && config.world != ["scenarios/world"] {
                diagnostics.append(configProblem(configURL, "world", "world path \"\(entry)\" does not exist"))
            }
        }
        // World files parsed on every core, then merged in their order (a later record of the
        // same key replaces an earlier one, whichever file finished first).
        let worldShape = Schemas.worldFile(custom: custom)
        let parsedWorld = ParallelMap.map(worldFiles) { url in
            var v = NodeValidator(file: SuiteFiles.relative(url, to: self.root))
            let value = self.parse(url, worldShape, into: &v)
            return ParsedFile(value: value, diagnostics: v.diagnostics, definitions: v.definitions, references: v.references)
        }
        for v in parsedWorld {
            if let value = v.value {
                for name in World.collectionNames + custom.map(\.name) {
                    for record in value[name]?.arrayValue ?? [] {
                        guard let r = record.objectValue else { continue }
                        // In place: a copy of the table per record made loading quadratic.
                        collections[name, default: RecordTable(keyField: keyField(name, custom))].upsert(r)
                    }
                }
            }
            diagnostics += v.diagnostics
            definitions += v.definitions
            references += v.references
        }
        var articleIDs: [String: String] = [:]
        for a in articles {
            if let first = articleIDs[a.id] {
                diagnostics.append(Diagnostic(file: a.file, line: 2, column: 1, path: "id",
                                              message: "duplicate article id \"\(a.id)\" (first defined in \(first))"))
            }
            articleIDs[a.id] = a.file
        }
        diagnostics += Self.duplicates(definitions)
        for c in custom where collections[c.name] == nil { collections[c.name] = RecordTable(keyField: c.key) }
        diagnostics += checkDeclaredTools(declared, world: collections)

        // Policies
        var policies: [Policy] = []
        let policiesURL = root.appendingPathComponent(config.policies)
        excluded.append(policiesURL)
        if let problem = SuiteFiles.linkProblem(policiesURL, paths: paths, root: root) {
            diagnostics.append(problem)
        } else if SuiteFiles.exists(policiesURL) {
            var v = NodeValidator(file: SuiteFiles.relative(policiesURL, to: root), catalogue: tools)
            if let value = parse(policiesURL, Schemas.policiesFile, into: &v) {
                policies = ModelBuilders.policies(value, validator: &v)
                if config.domain.tauDomain != nil {
                    for (i, policy) in policies.enumerated() {
                        guard case .mustEscalate(_, _, let tiers) = policy.rule, !tiers.isEmpty else { continue }
                        let at = v.marks["policies[\(i)].must_escalate.tier"] ?? Location(file: v.file, line: 1, column: 1, path: "")
                        v.report(at, "tier is a customer's tier in the support world; a \(config.domain.rawValue) suite has no "
                                 + "customer records to read it from (use intents or mentions_any)")
                    }
                }
            }
            diagnostics += v.diagnostics
        } else if config.policies != SuiteConfig().policies {
            diagnostics.append(configProblem(configURL, "policies", "policies file \"\(config.policies)\" does not exist"))
        }
        let policyIDs = Set(policies.map(\.id))

        // Scenarios
        var scenarios: [Scenario] = []
        var invalid: [InvalidScenario] = []
        var scenarioIDs: [String: String] = [:]
        var warnings: [Diagnostic] = []
        let vocabulary = ExpectationVocabulary(config: config)
        let sharedIDs = Dictionary(grouping: definitions, by: \.collection).mapValues { Set($0.map(\.id)) }
        // Each file is parsed and checked on its own, on every core (a large suite is thousands of
        // files); what ties files together (duplicate ids) is decided after, in the files' order,
        // so the suite and its diagnostics do not depend on which file finished first.
        let context = ScenarioFileContext(config: config, tools: tools, custom: custom, sharedIDs: sharedIDs,
                                          policyIDs: policyIDs, vocabulary: vocabulary)
        let files = scenarioFiles(config, excluding: excluded, diagnostics: &diagnostics)
        let loaded = ParallelMap.map(files) { self.loadScenario($0.1, base: $0.0, context) }
        for var one in loaded {
            warnings += one.warnings
            if let s = one.scenario {
                if let first = scenarioIDs[s.id] {
                    let at = one.idMark ?? Location(file: one.file, line: 1, column: 1, path: "id")
                    one.problems.append(Diagnostic(file: one.file, line: at.line, column: at.column, path: "id",
                                                   message: "duplicate scenario id \"\(s.id)\" (also in \(first))"))
                }
                scenarioIDs[s.id] = one.file
            }
            one.problems += one.vocabularyProblems
            if one.problems.isEmpty, let s = one.scenario {
                scenarios.append(s)
            } else if skipInvalid {
                invalid.append(InvalidScenario(id: one.scenario?.id ?? one.id, file: one.file, diagnostics: one.problems.sorted()))
            } else {
                diagnostics += one.problems
            }
        }
        for ref in references where !(sharedIDs[ref.collection]?.contains(ref.id) ?? false) {
            diagnostics.append(Self.dangling(ref))
        }

        // Warnings come along with errors, so that one pass shows everything.
        if !diagnostics.isEmpty { throw SuiteLoadError(diagnostics: diagnostics + warnings) }
        let world = World(collections: collections, knowledgeBase: KnowledgeBase(articles: articles.sorted { $0.id < $1.id }))
        var suite = Suite(root: root, config: config, world: world, policies: policies, scenarios: scenarios,
                          invalidScenarios: invalid)
        suite.warnings = warnings.sorted()
        suite.tools = tools
        suite.tools.ownedRecords += DeclaredToolChecks.ownedRecords(declared.tools, world: collections, custom: custom)
        suite.declaredTools = declared.tools
        suite.declaredCollections = custom
        return suite
    }

    // MARK: - Pieces

    func keyField(_ collection: String, _ custom: [DeclaredCollection]) -> String {
        custom.first { $0.name == collection }?.key ?? Schemas.keyField(of: collection)
    }

    /// Rules that tie a scenario to its suite's domain: turns are required except where a model
    /// plays the customer (a goal, a tau task), and a `tau:` block belongs in a tau suite only.
    static func domainProblems(_ s: Scenario, config: SuiteConfig, marks: [String: Location], file: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if let at = marks["review"] {
            problems.append(Diagnostic(file: file, line: at.line, column: at.column, path: "review",
                                       message: "this scenario is a draft awaiting review (review: needed): check its turns and "
                                           + "expectations, then delete the review line"))
        }
        // Present but invalid turns were reported by the schema already.
        if s.turns.isEmpty && s.tau == nil && s.goal == nil && marks["turns"] == nil {
            problems.append(Diagnostic(file: file, line: 1, column: 1, path: "",
                                       message: "missing required key \"turns\" (or a goal: for a model-driven customer)"))
        }
        func at(_ path: String, _ message: String) {
            let here = marks[path] ?? Location(file: file, line: 1, column: 1, path: path)
            problems.append(Diagnostic(file: file, line: here.line, column: here.column, path: path, message: message))
        }
        if s.tau != nil && config.domain.tauDomain == nil {
            at("tau", "a tau block belongs in a tau suite; set domain: tau-airline or tau-retail in supportsim.yml")
        }
        if config.domain.tauDomain != nil {
            // The support world's collections do not exist in a tau domain, whose database is
            // tau.data's db/*.json: a check on them could never mean anything.
            let database = "its database is \(config.tau.data)/db, the same for every task"
            if !s.world.isEmpty { at("world", "a \(config.domain.rawValue) scenario has no world of its own: \(database)") }
            if s.customer != nil {
                at("customer", "a \(config.domain.rawValue) scenario names no customer record: the task's user is in \(database)")
            }
            for (i, fault) in s.faults.enumerated() where fault.latencyMs != nil {
                at("faults[\(i)].latency_ms", "a \(config.domain.rawValue) episode has no clock, so latency changes nothing; "
                   + "inject an error instead")
            }
            if !s.expect.state.isEmpty {
                at("expect.state", "state checks name the support domain's collections; a \(config.domain.rawValue) episode's "
                   + "database is checked by its reward, against the database the task's gold actions lead to")
            }
        }
        return problems
    }

    private func configProblem(_ configURL: URL?, _ key: String, _ message: String) -> Diagnostic {
        Diagnostic(file: configURL.map { SuiteFiles.relative($0, to: root) } ?? "supportsim.yml", line: 1, column: 1,
                   path: key, message: message)
    }

    private func scenarioFiles(_ config: SuiteConfig, excluding: [URL],
                               diagnostics: inout [Diagnostic]) -> [(URL, URL)] {
        var result: [(URL, URL)] = []
        var seen = Set<String>()
        for entry in config.scenarios {
            let found: (base: URL, files: [URL])
            if Glob.isPattern(entry) {
                found = SuiteFiles.glob(entry, root: root, excluding: excluding, paths: paths, refused: &diagnostics)
            } else {
                let url = root.appendingPathComponent(entry)
                if SuiteFiles.isDirectory(url) {
                    found = (url, SuiteFiles.yamlFiles(under: url, excluding: excluding, paths: paths, root: root,
                                                       refused: &diagnostics))
                } else if SuiteFiles.exists(url) {
                    if let problem = SuiteFiles.linkProblem(url, paths: paths, root: root) {
                        diagnostics.append(problem)
                        continue
                    }
                    found = (url.deletingLastPathComponent(), [url])
                } else {
                    if entry != "scenarios" {
                        diagnostics.append(Diagnostic(file: "supportsim.yml", line: 1, column: 1, path: "scenarios",
                                                      message: "scenario path \"\(entry)\" does not exist"))
                    }
                    continue
                }
            }
            for f in found.files where seen.insert(f.path).inserted { result.append((found.base, f)) }
        }
        return result
    }

    /// Reads and validates one YAML file; problems go to the validator.
    func parse(_ url: URL, _ shape: ObjectShape, into v: inout NodeValidator) -> JSONValue? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            v.report(Location(file: v.file, line: 1, column: 1, path: ""), "cannot read the file as UTF-8 text")
            return nil
        }
        return parse(text: text, shape, into: &v)
    }

    func parse(text: String, _ shape: ObjectShape, into v: inout NodeValidator, lineOffset: Int = 0) -> JSONValue? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, column, problem) = YAMLErrors.describe(error, in: text)
            v.report(Location(file: v.file, line: line + lineOffset, column: column, path: ""), "invalid YAML: \(problem)")
            return nil
        } catch {
            v.report(Location(file: v.file, line: 1, column: 1, path: ""), "invalid YAML: \(error)")
            return nil
        }
        guard let node else {
            v.report(Location(file: v.file, line: 1, column: 1, path: ""), "expected a mapping, found an empty file")
            return nil
        }
        // An alias bomb (a few lines whose aliases repeat each other) composes cheaply, since
        // aliased nodes are shared, but validating it would copy every repetition. Every real
        // node takes at least one character of the file, so any count beyond the file's size
        // comes from aliases; that excess is capped.
        let budget = text.utf8.count + Self.aliasExpansionLimit
        if let at = AliasBudget.firstNodeBeyond(budget, in: node) {
            v.report(v.location(of: at, path: "").shifted(lineOffset),
                     "the YAML aliases in this file expand to more than \(Self.aliasExpansionLimit) values; "
                     + "write the values out or use fewer aliases")
            return nil
        }
        if case .mapping(let m) = node, let versionNode = m["version"], case .scalar(let s) = versionNode,
            let n = Int(s.string), n > Self.supportedVersion
        {
            v.report(v.location(of: versionNode, path: "version").shifted(lineOffset),
                     "version \(n) is newer than this program understands (\(Self.supportedVersion)); upgrade supportsim")
            return nil
        }
        let before = v.diagnostics.count
        let value = v.validate(node, .object(shape), path: "")
        if lineOffset != 0 {
            for i in before..<v.diagnostics.count { v.diagnostics[i].line += lineOffset }
        }
        return value
    }

    private func loadArticle(_ url: URL) -> (KnowledgeArticle?, [Diagnostic]) {
        let file = SuiteFiles.relative(url, to: root)
        var v = NodeValidator(file: file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return (nil, [Diagnostic(file: file, line: 1, column: 1, path: "", message: "cannot read the file as UTF-8 text")])
        }
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            return (nil, [Diagnostic(file: file, line: 1, column: 1, path: "",
                                     message: "expected front matter between --- lines with id and title, found none")])
        }
        let front = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = parse(text: front, Schemas.kbFrontMatter, into: &v, lineOffset: 1), v.diagnostics.isEmpty else {
            return (nil, v.diagnostics)
        }
        return (KnowledgeArticle(id: value["id"]?.stringValue ?? "", title: value["title"]?.stringValue ?? "",
                                 tags: ModelBuilders.strings(value["tags"]), body: body, file: file), [])
    }

    static func duplicates(_ definitions: [RecordMention]) -> [Diagnostic] {
        var seen: [String: Location] = [:]
        var result: [Diagnostic] = []
        for d in definitions {
            let key = d.collection + "\u{0}" + d.id
            if let first = seen[key] {
                result.append(Diagnostic(file: d.location.file, line: d.location.line, column: d.location.column,
                                         path: d.location.path,
                                         message: "duplicate id \"\(d.id)\" in \(d.collection) (first defined at \(first.file):\(first.line):\(first.column))"))
            } else {
                seen[key] = d.location
            }
        }
        return result
    }

    static func dangling(_ ref: RecordMention) -> Diagnostic {
        let singular = ref.collection.hasSuffix("s") ? String(ref.collection.dropLast()) : ref.collection
        return Diagnostic(file: ref.location.file, line: ref.location.line, column: ref.location.column,
                          path: ref.location.path,
                          message: "unknown \(singular) \"\(ref.id)\": no record with that \(ref.collection == "products" ? "sku" : "id") in \(ref.collection)")
    }
}

extension Location {
    func shifted(_ lines: Int) -> Location {
        var copy = self
        copy.line += lines
        return copy
    }
}
