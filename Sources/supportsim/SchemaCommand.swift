import ArgumentParser
import Foundation
import SupportSimSuite

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schemas of suite files (for editors with a YAML language server).")

    @Option(help: "The folder to write them to.")
    var out: String = "schemas"

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, schema) in JSONSchemaExport.all() {
            try Data(schema.prettyJSONText().utf8).write(to: dir.appendingPathComponent(file))
            print(dir.appendingPathComponent(file).relativePath)
        }
    }
}
