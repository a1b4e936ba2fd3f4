import ArgumentParser
import Foundation

@main
struct SupportSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportsim",
        abstract: "Test AI customer-support agents against scripted conversations and mock backends.",
        discussion: """
            Exit codes: 0 every gate passed; 1 a gate failed (no gates: a scenario failed); \
            2 invalid input; 3 the harness could not run.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ValidateCommand.self, InitCommand.self, GateCommand.self, HistoryCommand.self, ShowCommand.self, GoldenCommand.self, DriftCommand.self, ServeCommand.self, SchemaCommand.self, BenchCommand.self, ImportCommand.self, ToolsCommand.self, GenerateCommand.self, ScoreTranscriptsCommand.self],
        defaultSubcommand: nil)

    /// Command-line mistakes exit 2 (metrics.md), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// metrics.md, "Exit codes".
enum ExitStatus: Int32 {
    case passed = 0
    case gateFailed = 1
    case invalidInput = 2
    case harnessFailure = 3

    var exitCode: ExitCode { ExitCode(rawValue) }
}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }
}
