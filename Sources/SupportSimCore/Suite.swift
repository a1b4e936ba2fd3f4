import Foundation

/// A loaded, valid suite: everything a run needs.
public struct Suite: Sendable {
    public var root: URL
    public var config: SuiteConfig
    public var world: World
    public var policies: [Policy]
    public var scenarios: [Scenario]
    /// Scenarios that could not be loaded, kept so that `--skip-invalid` can report them.
    public var invalidScenarios: [InvalidScenario]
    /// Problems that do not stop a run but probably make a check fail (shown by `validate`).
    public var warnings: [Diagnostic] = []
    /// The tools the suite's agent calls (its domain's), which its names were checked against.
    public var tools: ToolCatalogue = .support
    /// Tools declared in tools/ and the collections they use (docs/your-own-tools.md).
    public var declaredTools: [DeclaredTool] = []
    public var declaredCollections: [DeclaredCollection] = []

    public init(root: URL, config: SuiteConfig, world: World, policies: [Policy], scenarios: [Scenario],
                invalidScenarios: [InvalidScenario] = [])
    {
        self.root = root
        self.config = config
        self.world = world
        self.policies = policies
        self.scenarios = scenarios
        self.invalidScenarios = invalidScenarios
    }
}

public struct InvalidScenario: Sendable, Hashable {
    public var id: String
    public var file: String
    public var diagnostics: [Diagnostic]
    public init(id: String, file: String, diagnostics: [Diagnostic]) {
        self.id = id
        self.file = file
        self.diagnostics = diagnostics
    }
}

/// One problem in a suite file: where it is, which key, what was expected and what was found.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var file: String
    public var line: Int
    public var column: Int
    /// The key path inside the file, e.g. `expect.actions[0].args.amount`; empty for the file itself.
    public var path: String
    public var message: String
    /// Errors make a suite invalid; warnings are shown and the suite still loads.
    public var severity: Severity = .error

    public enum Severity: String, Sendable, Hashable { case error, warning }

    public init(file: String, line: Int, column: Int, path: String, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.severity = severity
    }

    public var description: String {
        "\(file):\(line):\(column): " + (severity == .warning ? "warning: " : "")
            + (path.isEmpty ? message : "\(path): \(message)")
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.file, a.line, a.column, a.message) < (b.file, b.line, b.column, b.message)
    }
}

/// Every problem found while loading a suite; thrown only once all files have been read.
public struct SuiteLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
