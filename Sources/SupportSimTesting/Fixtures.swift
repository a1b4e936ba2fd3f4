import Foundation
import SupportSimCore
import SupportSimSuite

/// Paths and temporary suites for tests.
public enum Fixtures {
    /// The repository root, found from this source file.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The contract's example suite: the shared copy when it is there, else the one in examples/.
    public static var acmeMini: URL {
        let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/examples/acme-mini")
        if FileManager.default.fileExists(atPath: shared.appendingPathComponent("supportsim.yml").path) { return shared }
        return repositoryRoot.appendingPathComponent("examples/acme-mini")
    }

    public static var bundledSuite: URL { repositoryRoot }

    public static func loadAcmeMini() throws -> Suite { try SuiteLoader(root: acmeMini).load() }

    /// A fresh, empty folder under the temporary directory.
    public static func temporaryFolder(_ name: String = "suite") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("supportsim-tests-\(UUID().uuidString.prefix(8))-\(name)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes files (path relative to the folder → text) into a new temporary suite folder.
    public static func suite(_ files: [String: String]) -> URL {
        let root = temporaryFolder()
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
        return root
    }

    /// A copy of a folder under the temporary directory, for tests that change files.
    public static func copy(_ folder: URL) -> URL {
        let dest = temporaryFolder("copy").appendingPathComponent(folder.lastPathComponent)
        try? FileManager.default.copyItem(at: folder, to: dest)
        // Run state that may have landed in the source never comes along.
        for leftover in [".supportsim", "reports", "goldens"] {
            try? FileManager.default.removeItem(at: dest.appendingPathComponent(leftover))
        }
        return dest
    }
}
