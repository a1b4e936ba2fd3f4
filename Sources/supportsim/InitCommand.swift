import ArgumentParser
import Foundation
import SupportSimSuite

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a small starter suite that validates and passes at once.",
        discussion: "Writes supportsim.yml, a world, policies, three scenarios, a .gitignore and editor settings that bind the JSON Schemas. Existing files are never overwritten.")

    @Argument(help: "The folder to create the suite in (default: the current folder).")
    var directory: String = "."

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        let fm = FileManager.default
        var files = StarterSuite.files
        for (name, schema) in JSONSchemaExport.all() { files["schemas/\(name)"] = schema.prettyJSONText() }
        let existing = files.keys.filter { fm.fileExists(atPath: root.appendingPathComponent($0).path) }.sorted()
        guard existing.isEmpty else {
            Console.error("error: \(directory) already has " + existing.joined(separator: ", ") + "; nothing was written")
            throw ExitStatus.invalidInput.exitCode
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        print("Created a starter suite in \(directory) (\(files.count) files). Next:")
        print("  supportsim validate \(directory)")
        print("  supportsim run \(directory)")
    }
}
