import Foundation
import SupportSimCore

extension SuiteLoader {
    /// The tools the suite's agent calls, which every operation name in the suite is checked
    /// against: tools.md's for the support domain, the data folder's `tools.json` for a tau
    /// domain (what agents are offered, so what they can call).
    func toolCatalogue(_ config: SuiteConfig, diagnostics: inout [Diagnostic]) -> ToolCatalogue {
        guard config.domain.tauDomain != nil else { return .support }
        let url = root.appendingPathComponent(config.tau.data).appendingPathComponent("tools.json")
        let file = SuiteFiles.relative(url, to: root)
        func problem(_ line: Int, _ column: Int, _ message: String) -> ToolCatalogue {
            diagnostics.append(Diagnostic(file: file, line: line, column: column, path: "", message: message))
            return ToolCatalogue(tools: [], customerArguments: [], source: file)
        }
        if let refused = SuiteFiles.linkProblem(url, paths: paths, root: root) {
            diagnostics.append(refused)
            return ToolCatalogue(tools: [], customerArguments: [], source: file)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return problem(1, 1, "no such file: a \(config.domain.rawValue) suite's tools are the function schemas in "
                           + "tau.data's tools.json, as tau-bench's data has them (supportsim import tau-bench copies it)")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch {
            let (line, column) = Self.lineAndColumn(ofByte: error.offset, in: data)
            return problem(line, column, "invalid JSON: \(error.message)")
        }
        guard let schemas = value.arrayValue else {
            return problem(1, 1, "expected a list of function schemas ({type: function, function: {name, parameters}}), "
                           + "found \(value.objectValue != nil ? "an object" : value.jsonText().prefix(40))")
        }
        do {
            // tau-bench's tools name the customer by `user_id`.
            return try ToolCatalogue(functionSchemas: schemas, customerArguments: ["user_id"], source: file)
        } catch {
            return problem(1, 1, error.description)
        }
    }

    /// 1-based line and column of a byte offset (columns count characters, not bytes).
    static func lineAndColumn(ofByte offset: Int, in data: Data) -> (Int, Int) {
        let prefix = data.prefix(max(0, offset))
        let lines = prefix.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let last = lines.last.map { String(decoding: $0, as: UTF8.self).count } ?? 0
        return (lines.count, last + 1)
    }
}
