import Foundation
import SupportSimCore

/// The declared tools of a suite as read from tools/, with where each was written, for the
/// checks that can only be made once the world is read.
struct DeclaredToolFiles {
    var tools: [DeclaredTool] = []
    var collections: [DeclaredCollection] = []
    /// Marks of each tool's file, by tool index, and the tool's key path in it.
    var marks: [(marks: [String: Location], file: String, path: String)] = []

    func location(_ index: Int, _ suffix: String) -> Location {
        let m = marks[index]
        return m.marks["\(m.path)\(suffix)"] ?? m.marks[m.path] ?? Location(file: m.file, line: 1, column: 1, path: m.path)
    }
}

extension SuiteLoader {
    /// Reads tools/ (config `tools:`). A tau suite's tools are tau-bench's: it may declare none.
    func loadDeclaredTools(_ config: SuiteConfig, diagnostics: inout [Diagnostic]) -> DeclaredToolFiles {
        var result = DeclaredToolFiles()
        let folder = root.appendingPathComponent(config.tools)
        guard SuiteFiles.isDirectory(folder) else {
            if config.tools != SuiteConfig().tools {
                diagnostics.append(Diagnostic(file: "supportsim.yml", line: 1, column: 1, path: "tools",
                                              message: "tools folder \"\(config.tools)\" does not exist"))
            }
            return result
        }
        let files = SuiteFiles.yamlFiles(under: folder, excluding: [], paths: paths, root: root, refused: &diagnostics)
        if config.domain != .support, let first = files.first {
            diagnostics.append(Diagnostic(file: SuiteFiles.relative(first, to: root), line: 1, column: 1, path: "",
                                          message: "a \(config.domain.rawValue) suite's tools are tau-bench's (tau.data's tools.json); "
                                          + "declared tools belong in a suite with domain: support"))
            return result
        }
        var collectionFiles: [String: String] = [:]
        var names: [String: Location] = [:]
        for url in files {
            let file = SuiteFiles.relative(url, to: root)
            var v = NodeValidator(file: file)
            guard let value = parse(url, Schemas.toolsFile, into: &v) else {
                diagnostics += v.diagnostics
                continue
            }
            for c in ToolBuilders.collections(value) {
                let at = v.marks["collections.\(c.name)"] ?? Location(file: file, line: 1, column: 1, path: "collections")
                if Schemas.records[c.name] != nil {
                    v.report(at, "\(c.name) is a built-in collection (its fields are those of tools.md); use it without declaring it")
                } else if let first = collectionFiles[c.name] {
                    v.report(at, "collection \(c.name) is declared twice (also in \(first))")
                } else {
                    collectionFiles[c.name] = file
                    result.collections.append(c)
                }
            }
            let tools = ToolBuilders.tools(value, file: file, validator: &v)
            for (i, tool) in tools.enumerated() {
                let at = v.marks["tools[\(i)].name"] ?? Location(file: file, line: 1, column: 1, path: "tools[\(i)].name")
                if let first = names[tool.name] {
                    v.report(at, "tool \(tool.name) is declared twice (first at \(first.file):\(first.line):\(first.column))")
                    continue
                }
                names[tool.name] = at
                result.tools.append(tool)
                result.marks.append((v.marks, file, "tools[\(i)]"))
            }
            diagnostics += v.diagnostics
        }
        return result
    }

    /// Checks across files: what each tool names (collections, fields, parameters, operations)
    /// must exist, so that a typo is an error at load rather than a tool that always fails.
    func checkDeclaredTools(_ declared: DeclaredToolFiles, world: [String: RecordTable]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func report(_ index: Int, _ suffix: String, _ message: String) {
            let at = declared.location(index, suffix)
            problems.append(Diagnostic(file: at.file, line: at.line, column: at.column, path: at.path, message: message))
        }
        let fields = DeclaredToolChecks.knownFields(declared, world: world)
        let collections = World.collectionNames + declared.collections.map(\.name)
        let keys = Dictionary(uniqueKeysWithValues: declared.collections.map { ($0.name, $0.key) })
        for (index, tool) in declared.tools.enumerated() {
            let parameters = tool.parameters.map(\.name)
            let checks = DeclaredToolChecks(tool: tool, parameters: parameters, collections: collections, fields: fields,
                                            root: root, keys: keys)
            for (suffix, message) in checks.problems() { report(index, suffix, message) }
        }
        return problems
    }
}
