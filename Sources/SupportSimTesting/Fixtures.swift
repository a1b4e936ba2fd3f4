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
    /// Build folders, version control and run state never come along: the bundled suite is the
    /// repository root, whose `.build` alone is gigabytes (copied whole, a few test runs filled
    /// the disk).
    public static func copy(_ folder: URL) -> URL {
        let dest = temporaryFolder("copy").appendingPathComponent(folder.lastPathComponent)
        let fm = FileManager.default
        try? fm.createDirectory(at: dest, withIntermediateDirectories: true)
        let skipped: Set<String> = [".git", ".swiftpm", ".supportsim", "reports", "goldens", "Sources", "Tests"]
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        where !skipped.contains(name) && !name.hasPrefix(".build") {
            try? fm.copyItem(at: folder.appendingPathComponent(name), to: dest.appendingPathComponent(name))
        }
        return dest
    }
}
