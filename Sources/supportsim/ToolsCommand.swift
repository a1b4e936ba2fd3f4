import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimToolImport

struct ToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Work with a suite's declared tools (docs/your-own-tools.md).",
        subcommands: [ToolsImportCommand.self])
}

struct ToolsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Scaffold tool declarations from an OpenAI tools array or an OpenAPI document.",
        discussion: """
            FILE is an OpenAI tools array ([{type: function, function: {name, description, parameters}}], \
            or a chat-completions request holding one) or an OpenAPI 3.0 / 3.1 document, JSON or YAML, of at \
            most 10 MiB. Each tool answers with one canned result to fill in: the 2xx response's example, \
            or a skeleton of its schema. Operations whose request or response body is a file are skipped.
            """)

    @Argument(help: "The OpenAI tools array or OpenAPI document to read.")
    var file: String

    @Option(help: "The file to write, relative to the current folder.")
    var out: String = "tools/imported.yaml"

    @Flag(help: "Overwrite --out if it exists.")
    var force = false

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let input = URL(fileURLWithPath: file, relativeTo: here).standardizedFileURL
        let output = URL(fileURLWithPath: out, relativeTo: here).standardizedFileURL
        let result: ImportResult
        do {
            result = try ToolImport.run(input: input, output: output, inputName: file, outputName: out, force: force)
        } catch {
            for line in error.description.split(separator: "\n") { Console.error("error: \(line)") }
            throw ExitStatus.invalidInput.exitCode
        }
        let count = result.tools.count == 1 ? "1 tool" : "\(result.tools.count) tools"
        print(SafeText.neutralized("\(count) written to \(out) (from \(result.source))"))
        for warning in result.warnings { Console.error(SafeText.neutralized("warning: \(warning)")) }
    }
}
