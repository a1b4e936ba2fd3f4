import Foundation
import SupportSimCore

/// Finding the files of a suite on disk.
enum SuiteFiles {
    static func isHidden(_ name: String) -> Bool { name.hasPrefix("_") || name.hasPrefix(".") }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// YAML files under a folder, any depth, skipping `_`/`.` names and the excluded folders/files;
    /// sorted so that loading never depends on the file system's order.
    /// Symbolic links are followed only while they stay inside the suite (`SuitePaths`); one that
    /// leads out is reported in `refused`, and a folder reached twice (a link loop) is walked once.
    static func yamlFiles(under folder: URL, excluding: [URL], paths: SuitePaths, root: URL,
                          refused: inout [Diagnostic]) -> [URL] {
        let excluded = Set(excluding.map { $0.standardizedFileURL.path })
        var result: [URL] = []
        var visited = Set<String>()
        func walk(_ dir: URL) {
            guard visited.insert(SuitePaths.realPath(dir.path) ?? dir.path).inserted,
                let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
            else { return }
            for name in names.sorted() where !isHidden(name) {
                let url = dir.appendingPathComponent(name)
                if excluded.contains(url.standardizedFileURL.path) { continue }
                let isYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
                guard isYAML || isDirectory(url) else { continue }
                if let problem = linkProblem(url, paths: paths, root: root) {
                    refused.append(problem)
                    continue
                }
                if isDirectory(url) {
                    walk(url)
                } else {
                    result.append(url)
                }
            }
        }
        walk(folder)
        return result
    }

    /// Files directly in a folder with one of the extensions (links out of the suite refused).
    static func files(in folder: URL, extensions: [String], paths: SuitePaths, root: URL,
                      refused: inout [Diagnostic]) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var result: [URL] = []
        for name in names.sorted() where !isHidden(name) && extensions.contains(where: { name.hasSuffix("." + $0) }) {
            let url = folder.appendingPathComponent(name)
            if isDirectory(url) { continue }
            if let problem = linkProblem(url, paths: paths, root: root) {
                refused.append(problem)
            } else {
                result.append(url)
            }
        }
        return result
    }

    /// A located refusal for a symbolic link that leads out of the suite.
    static func linkProblem(_ url: URL, paths: SuitePaths, root: URL) -> Diagnostic? {
        guard SuitePaths.isSymbolicLink(url),
            let message = paths.problem(with: url, "this symbolic link")
        else { return nil }
        return Diagnostic(file: relative(url, to: root), line: 1, column: 1, path: "", message: message)
    }

    /// `path` relative to `root`, for messages and scenario ids.
    static func relative(_ url: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }

    /// Expands a glob relative to the suite root (`scenarios/**/*.yaml`, `scenarios/billing/*.yml`).
    static func glob(_ pattern: String, root: URL, excluding: [URL], paths: SuitePaths,
                     refused: inout [Diagnostic]) -> (base: URL, files: [URL]) {
        let parts = pattern.split(separator: "/").map(String.init)
        let fixed = parts.prefix { !$0.contains("*") && !$0.contains("?") }
        let base = fixed.reduce(root) { $0.appendingPathComponent($1) }
        let all = yamlFiles(under: base, excluding: excluding, paths: paths, root: root, refused: &refused)
        let files = all.filter { url in
            let rel = relative(url, to: root)
            return globPath(pattern, rel)
        }
        return (base, files)
    }

    /// Path globs where `**` spans folders and `*` does not.
    static func globPath(_ pattern: String, _ path: String) -> Bool {
        let regex = "^" + pattern.replacingOccurrences(of: ".", with: "\\.")
            .replacingOccurrences(of: "**/", with: "\u{1}")
            .replacingOccurrences(of: "**", with: "\u{2}")
            .replacingOccurrences(of: "*", with: "[^/]*")
            .replacingOccurrences(of: "?", with: "[^/]")
            .replacingOccurrences(of: "\u{1}", with: "(.*/)?")
            .replacingOccurrences(of: "\u{2}", with: ".*") + "$"
        return path.range(of: regex, options: .regularExpression) != nil
    }
}
