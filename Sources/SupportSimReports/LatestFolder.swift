import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `<out>/latest/`: a mirror of the newest run's folder, replaced whole.
///
/// Several runs may share one `--out` (parallel CI jobs on one runner): each builds its copy
/// under a name of its own and swaps it in while holding an exclusive lock on
/// `<out>/.latest.lock`, so neither sees the other's half-made folder and the last to finish
/// wins. The swap renames the old folder aside and deletes it only once it is ours, inside
/// `out`; a `latest` that is a symbolic link is unlinked, never followed, so nothing outside
/// `out` is ever deleted.
struct LatestFolder {
    let out: URL
    var latest: URL { out.appendingPathComponent("latest") }

    func replace(withCopyOf runFolder: URL) throws {
        let fm = FileManager.default
        let token = UUID().uuidString.lowercased()
        let staging = out.appendingPathComponent(".latest-new-\(token)")
        let retired = out.appendingPathComponent(".latest-old-\(token)")
        defer {
            try? fm.removeItem(at: staging)
            try? fm.removeItem(at: retired)
        }
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        for name in try fm.contentsOfDirectory(atPath: runFolder.path) {
            try ReportSet.mirror(runFolder.appendingPathComponent(name), to: staging.appendingPathComponent(name))
        }
        try withLock {
            var st = stat()
            if lstat(latest.path, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    try rename(latest, to: retired)
                } else if unlink(latest.path) != 0 {
                    throw posixError("cannot remove \(latest.path)")
                }
            }
            try rename(staging, to: latest)
        }
    }

    private func withLock(_ body: () throws -> Void) throws {
        let path = out.appendingPathComponent(".latest.lock").path
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw posixError("cannot open the lock file \(path)") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw posixError("cannot lock \(path)") }
        }
        defer { flock(fd, LOCK_UN) }
        try body()
    }

    private func rename(_ from: URL, to: URL) throws {
        if Glibc.rename(from.path, to.path) != 0 { throw posixError("cannot rename \(from.path) to \(to.path)") }
    }

    private func posixError(_ what: String) -> any Error {
        ReportError.cannotWrite(latest.path, "\(what): \(String(cString: strerror(errno)))")
    }
}
