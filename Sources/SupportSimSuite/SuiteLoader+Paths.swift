import Foundation
import SupportSimCore

extension SuiteLoader {
    /// The config's paths that lead outside the suite folder, located at their keys.
    func outsidePaths(_ config: SuiteConfig, configURL: URL?, marks: [String: Location]) -> [Diagnostic] {
        var named: [(key: String, what: String, value: String)] = []
        for (i, w) in config.world.enumerated() { named.append(("world[\(i)]", "world path", w)) }
        for (i, s) in config.scenarios.enumerated() {
            // A glob's fixed part is what it walks.
            let fixed = s.split(separator: "/").prefix { !$0.contains("*") && !$0.contains("?") }.joined(separator: "/")
            named.append(("scenarios[\(i)]", "scenario path", fixed))
        }
        named.append(("policies", "policies path", config.policies))
        named.append(("tools", "tools path", config.tools))
        // A PostgreSQL URL (postgres://…) is no path: the history checks it, password rules included, when it opens it.
        let lowerHistory = config.history.lowercased()
        if !lowerHistory.hasPrefix("postgres://") && !lowerHistory.hasPrefix("postgresql://") {
            named.append(("history", "history path", config.history))
        }
        named.append(("reports", "reports path", config.reports))
        if config.domain.tauDomain != nil { named.append(("tau.data", "tau data path", config.tau.data)) }
        let file = configURL.map { SuiteFiles.relative($0, to: root) } ?? "supportsim.yml"
        return named.compactMap { entry in
            let url = entry.value.hasPrefix("/") ? URL(fileURLWithPath: entry.value) : root.appendingPathComponent(entry.value)
            guard let message = paths.problem(with: url, "\(entry.what) \"\(entry.value)\"") else { return nil }
            let at = marks[entry.key] ?? marks[entry.key.split(separator: "[").first.map(String.init) ?? entry.key]
            return Diagnostic(file: file, line: at?.line ?? 1, column: at?.column ?? 1, path: entry.key, message: message)
        }
    }
}
