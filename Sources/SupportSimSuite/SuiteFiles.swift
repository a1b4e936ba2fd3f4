import Foundation

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
    static func yamlFiles(under folder: URL, excluding: [URL]) -> [URL] {
        let excluded = Set(excluding.map { $0.standardizedFileURL.path })
        var result: [URL] = []
        func walk(_ dir: URL) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
            for name in names.sorted() where !isHidden(name) {
                let url = dir.appendingPathComponent(name)
                if excluded.contains(url.standardizedFileURL.path) { continue }
                if isDirectory(url) {
                    walk(url)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    result.append(url)
                }
            }
        }
        walk(folder)
        return result
    }

    /// Files directly in a folder with one of the extensions.
    static func files(in folder: URL, extensions: [String]) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().filter { name in
            !isHidden(name) && extensions.contains { name.hasSuffix("." + $0) }
        }.map { folder.appendingPathComponent($0) }.filter { !isDirectory($0) }
    }

    /// `path` relative to `root`, for messages and scenario ids.
    static func relative(_ url: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }

    /// Expands a glob relative to the suite root (`scenarios/**/*.yaml`, `scenarios/billing/*.yml`).
    static func glob(_ pattern: String, root: URL, excluding: [URL]) -> (base: URL, files: [URL]) {
        let parts = pattern.split(separator: "/").map(String.init)
        let fixed = parts.prefix { !$0.contains("*") && !$0.contains("?") }
        let base = fixed.reduce(root) { $0.appendingPathComponent($1) }
        let all = yamlFiles(under: base, excluding: excluding)
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
