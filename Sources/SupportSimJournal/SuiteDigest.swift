import Crypto
import Foundation
import SupportSimCore

/// A SHA-256 of the files a suite is made of: its config, scenarios, world and knowledge base,
/// policies, declared tools, goldens and (for a tau suite) its tau data. Two runs with the same
/// digest played the same suite, so their conversations can be joined (`merge`) or continued
/// (`run --resume`); the reports folder, the history and anything else in the folder do not count.
public enum SuiteDigest {
    public static func of(root: URL, config: SuiteConfig) -> String {
        var inputs = ["supportsim.yml", "supportsim.yaml"] + config.scenarios + config.world + [config.policies, config.tools, "goldens"]
        if config.domain != .support { inputs.append(config.tau.data) }
        var files: [String] = []
        for input in Set(inputs) { files += regularFiles(under: input, root: root) }
        var hash = SHA256()
        for path in Set(files).sorted() {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { continue }
            hash.update(data: Data(path.utf8))
            hash.update(data: Data([0]))
            hash.update(data: Data(String(data.count).utf8))
            hash.update(data: Data([0]))
            hash.update(data: data)
        }
        return "sha256:" + hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Relative paths of the regular files at `path` (a file or a folder, walked), hidden ones left out.
    private static func regularFiles(under path: String, root: URL) -> [String] {
        let url = root.appendingPathComponent(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let folder = path.hasSuffix("/") ? path : path + "/"
        return FileTree.regularFiles(under: url).map { folder + $0 }
    }
}
