import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps every path a suite names inside the suite folder (docs/security.md, "Paths").
///
/// A suite is often someone else's: a pull request, a shared example. Its config may say
/// `world: ../../etc` and its scenario folder may hold a symbolic link to `/etc/passwd`; either
/// would put files from outside the suite into the reports and the history, or let `run` write
/// and delete outside it. Paths are therefore resolved (`..` and every symbolic link followed)
/// and refused when they land outside the suite's real folder, unless the user passed
/// `--allow-outside-paths`.
public struct SuitePaths: Sendable {
    /// The suite folder with every symbolic link resolved.
    public let realRoot: String
    public let allowOutside: Bool

    public init(root: URL, allowOutside: Bool) {
        self.realRoot = Self.realPath(root.path) ?? root.standardizedFileURL.path
        self.allowOutside = allowOutside
    }

    /// Where a path really leads: symbolic links resolved for the part that exists, the rest
    /// appended as written (a history file or reports folder that is still to be created).
    public static func realPath(_ path: String) -> String? {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while true {
            if let resolved = resolve(existing) {
                return ([resolved] + rest.reversed()).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
            }
            let url = URL(fileURLWithPath: existing)
            let parent = url.deletingLastPathComponent().path
            if parent == existing || existing.isEmpty { return nil }
            rest.append(url.lastPathComponent)
            existing = parent
        }
    }

    private static func resolve(_ path: String) -> String? {
        guard let p = Glibc.realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Whether a path, once resolved, is the suite folder or inside it.
    public func isInside(_ url: URL) -> Bool {
        guard let real = Self.realPath(url.path) else { return false }
        return real == realRoot || real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }

    /// Why a path the suite names may not be used, or nil when it may.
    /// - Parameter what: how the message names the path, e.g. `world path "../x"`.
    public func problem(with url: URL, _ what: String) -> String? {
        if allowOutside || isInside(url) { return nil }
        let target = Self.realPath(url.path) ?? url.path
        return "\(what) leads outside the suite folder (to \(target)); keep it inside the suite, "
            + "or pass --allow-outside-paths if you mean it"
    }

    /// Whether a directory entry is a symbolic link (not followed).
    static func isSymbolicLink(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }
}
