import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The regular files under a folder, found with `readdir`'s file types: every run walks the
/// suite (its digest) and the goldens, and Foundation's enumerator with resource values cost a
/// tenth of a millisecond a file, most of a small run's planning.
public enum FileTree {
    /// Paths relative to `folder`, sorted; entries whose name starts with "." are left out
    /// (hidden folders are not entered). Symbolic links count as the file they lead to; a link
    /// to a folder is not followed, so a cycle cannot hold the walk.
    public static func regularFiles(under folder: URL) -> [String] {
        var out: [String] = []
        walk(folder.path, prefix: "", into: &out)
        return out.sorted()
    }

    private static func walk(_ path: String, prefix: String, into out: inout [String]) {
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }
            let full = path + "/" + name, relative = prefix + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): out.append(relative)
            case Int32(DT_DIR): walk(full, prefix: relative + "/", into: &out)
            default:
                // A link, or a file system that does not report types: ask stat.
                var info = stat()
                guard stat(full, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFREG {
                    out.append(relative)
                } else if info.st_mode & S_IFMT == S_IFDIR, Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    walk(full, prefix: relative + "/", into: &out)
                }
            }
        }
    }
}
