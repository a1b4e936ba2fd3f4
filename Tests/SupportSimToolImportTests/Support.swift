import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// Reads a fixture, failing the test with the importer's message if it cannot.
func imported(_ text: String, file: String) throws -> ImportResult {
    do {
        return try ToolImport.read(Data(text.utf8), file: file)
    } catch {
        Issue.record("\(error)")
        throw error
    }
}

/// The importer's error for a document that must not import.
func importError(_ text: String, file: String) -> ToolImportError? {
    importError(Data(text.utf8), file: file)
}

func importError(_ data: Data, file: String) -> ToolImportError? {
    do {
        let result = try ToolImport.read(data, file: file)
        Issue.record("expected an error, imported \(result.tools.map(\.name))")
        return nil
    } catch {
        return error
    }
}

extension ImportResult {
    func tool(_ name: String) throws -> ToolDeclaration {
        try #require(tools.first { $0.name == name }, "no tool \(name) among \(tools.map(\.name))")
    }
}

/// A fresh folder under the system's temporary folder.
func temporaryFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-tool-import-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension PropertySchema {
    static func string(_ description: String? = nil, enum values: [JSONValue] = [], default value: JSONValue? = nil) -> PropertySchema {
        PropertySchema(type: .string, description: description, enumValues: values, defaultValue: value)
    }
}
