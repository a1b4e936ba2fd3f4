import Foundation
@testable import SupportSimProcess
import SupportSimTesting
#if canImport(Glibc)
import Glibc
#endif

/// A handler script in a fresh folder, run as `/bin/sh handler.sh` from that folder (so the
/// relative script path and the pid files it writes also check the working directory).
/// Shell only: python3 may be missing on a fresh machine.
struct ShellHandler {
    let folder: URL
    let command = ["/bin/sh", "handler.sh"]

    init(_ script: String) throws {
        folder = Fixtures.temporaryFolder("exec-handler")
        try Data(script.utf8).write(to: folder.appendingPathComponent("handler.sh"))
    }

    func run(input: String = "{}", timeoutMs: Int = 10_000, maxOutputBytes: Int = 1 << 20) async -> OneShotOutcome {
        await OneShotProcess.run(command: command, workingDirectory: folder, input: input, timeoutMs: timeoutMs,
                                 maxOutputBytes: maxOutputBytes)
    }

    /// A pid the handler wrote to `file` in its folder.
    func pid(_ file: String) throws -> pid_t {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return pid
    }

    func file(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
}

enum Processes {
    /// Whether the process lives. A killed orphan stays a zombie until init reaps it (which in a
    /// container may be never): a zombie is dead.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        // "pid (comm) state ...": comm may hold spaces, so read after its ')'.
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// SIGKILL reaches a sleeping process at once, but it dies when next scheduled: poll a while
    /// (a bound for a loaded machine, not a measurement).
    static func eventuallyDead(_ pids: [pid_t]) async -> Bool {
        for _ in 0..<100 {
            if !pids.contains(where: isAlive) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !pids.contains(where: isAlive)
    }
}
