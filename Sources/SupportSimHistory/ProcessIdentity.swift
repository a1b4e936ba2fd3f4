import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which process writes a run, so that a later process can tell a run still in progress from one
/// whose process died (killed, crashed, machine rebooted) and mark the latter `incomplete`.
///
/// A pid alone is not enough: pids are reused. On Linux the start time of the process (field 22
/// of /proc/PID/stat, in clock ticks since boot) together with the boot id identifies it for good;
/// elsewhere only the pid and the host are compared.
public struct ProcessIdentity: Sendable, Hashable {
    public var pid: Int
    public var hostname: String
    /// `BOOT_ID:START_TICKS` on Linux; nil where /proc is not there.
    public var startToken: String?

    public init(pid: Int, hostname: String, startToken: String?) {
        self.pid = pid
        self.hostname = hostname
        self.startToken = startToken
    }

    public static var current: ProcessIdentity {
        let pid = Int(getpid())
        return ProcessIdentity(pid: pid, hostname: hostName(), startToken: startToken(of: pid))
    }

    /// Whether the process that wrote a run on this host is gone. A run written on another host
    /// cannot be checked from here, so it is never judged gone (it stays `running`).
    public static func isGone(pid: Int, hostname: String?, startToken: String?) -> Bool {
        guard let hostname, hostname == hostName() else { return false }
        if kill(pid_t(pid), 0) != 0 && errno == ESRCH { return true }
        // The pid is taken: by the same process only if it started at the same moment of the same boot.
        if let startToken, let now = Self.startToken(of: pid), now != startToken { return true }
        return false
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func startToken(of pid: Int) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        else { return nil }
        // The command name (field 2) is in parentheses and may hold spaces: count after its end.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        guard fields.count > 19 else { return nil }
        return boot.trimmingCharacters(in: .whitespacesAndNewlines) + ":" + fields[19]
    }
}
