import ArgumentParser
import Foundation
import SupportSimRunner

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
        subcommands: [RunCommand.self, ValidateCommand.self, InitCommand.self, GateCommand.self, HistoryCommand.self, ShowCommand.self, GoldenCommand.self, DriftCommand.self, ServeCommand.self, SchemaCommand.self, BenchCommand.self, ImportCommand.self, ToolsCommand.self, GenerateCommand.self, ScoreTranscriptsCommand.self, MergeCommand.self],
        defaultSubcommand: nil)

    /// Command-line mistakes exit 2 (metrics.md), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot(ResumeArgument.completed(Array(CommandLine.arguments.dropFirst())))
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

/// `run --resume [RUN_ID]`: the run id is optional, which ArgumentParser's options cannot be, so
/// a `--resume` not followed by a run id is given the value that means "the newest unfinished run".
enum ResumeArgument {
    static func completed(_ arguments: [String]) -> [String] {
        guard arguments.first == "run" else { return arguments }
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            out.append(arguments[i])
            if arguments[i] == "--resume", !(i + 1 < arguments.count && RunInfo.isRunID(arguments[i + 1])) {
                out.append(RunCommand.newestRun)
            }
            i += 1
        }
        return out
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
