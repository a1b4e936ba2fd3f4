import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimSuite

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schemas of suite files (for editors with a YAML language server).")

    @Option(help: "The folder to write them to.")
    var out: String = "schemas"

    @Option(name: .customLong("metrics-docs"), help: ArgumentHelp(
        "Also rewrite the metric catalogue's table in this Markdown file (docs/metrics.md).", valueName: "file"))
    var metricsDocs: String?

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, schema) in JSONSchemaExport.all() {
            try Data(schema.prettyJSONText().utf8).write(to: dir.appendingPathComponent(file))
            print(dir.appendingPathComponent(file).relativePath)
        }
        if let metricsDocs {
            let url = URL(fileURLWithPath: metricsDocs)
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? "# Metrics\n"
            try Data(MetricCatalogue.replacingTable(in: text).utf8).write(to: url)
            print(url.relativePath)
        }
    }
}
