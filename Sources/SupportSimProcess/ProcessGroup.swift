import Foundation
import Synchronization
import SupportSimCore
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    init(waitStatus s: Int32) {
        self = s & 0x7f == 0 ? .exited((s >> 8) & 0xff) : .signalled(s & 0x7f)
    }

    public var description: String {
        switch self {
        case .exited(let code): "status \(code)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}

/// A command started with posix_spawn as the leader of a process group of its own, with an empty
/// signal mask and every signal at its default disposition. Foundation.Process can do none of
/// this: its children inherit the mask of whichever harness thread started them (a CLI that
/// handles SIGTERM blocks it), the SIGPIPE the harness ignores, and the harness's process group,
/// so an agent's helpers could not be killed as a whole.
///
/// Exit is seen by waiting on the pid, not by end of stdout: a grandchild that keeps stdout open
/// must not hide the agent's death. When the leader dies the rest of its group is killed.
final class ProcessGroup: Sendable {
    let pid: pid_t
    /// The harness's ends of the child's stdin, stdout and stderr (close-on-exec).
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32
    private let exit = Mutex<ExitStatus?>(nil)

    init(executable path: String, command: [String], workingDirectory: String?) throws(AgentFailure) {
        let shown = command.joined(separator: " ")
        // Close-on-exec, so no other child the harness starts meanwhile inherits these ends
        // (one holding our stdin's write end would keep the agent from ever seeing EOF).
        var fds: [[Int32]] = []
        for _ in 0..<3 {
            var pair: [Int32] = [-1, -1]
            guard GNU.pipe2(&pair) == 0 else {
                for p in fds { close(p[0]); close(p[1]) }
                throw AgentFailure("cannot start \(shown): no pipe (\(String(cString: strerror(errno))))")
            }
            fds.append(pair)
        }
        let (inPipe, outPipe, errPipe) = (fds[0], fds[1], fds[2])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let workingDirectory {
            guard let addchdir = GNU.addchdir else { throw AgentFailure("cannot start \(shown) in \(workingDirectory): this C library has no posix_spawn_file_actions_addchdir_np") }
            _ = addchdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let argv = command.map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + env { free(p) } }
        var child = pid_t()
        var rc = posix_spawn(&child, path, &actions, &attributes, argv, env)
        // A script written a moment ago can still be open for writing in a child that another
        // thread has forked and not yet exec'd (the descriptor is inherited until then): the
        // kernel refuses to run it with ETXTBSY for that instant. Wait it out, briefly.
        var busy = 0
        while rc == ETXTBSY, busy < 25 {
            busy += 1
            usleep(20_000)
            rc = posix_spawn(&child, path, &actions, &attributes, argv, env)
        }
        // The child's ends now live in the child; the harness keeps only its own.
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw AgentFailure("cannot start \(shown): \(String(cString: strerror(rc)))")
        }
        pid = child
        stdin = inPipe[1]
        stdout = outPipe[0]
        stderr = errPipe[0]
    }

    var hasExited: Bool { exit.withLock { $0 != nil } }

    /// Waits for the leader on a dedicated thread; then kills what is left of its group, reaps
    /// the leader and reports how it ended.
    func watch(onExit: @escaping @Sendable (ExitStatus) -> Void) {
        Thread.detachNewThread { [self] in
            var info = siginfo_t()
            // WNOWAIT: the leader stays a zombie, so its pid, the group's id, cannot be reused
            // by an unrelated process before the group is killed.
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            let status = exit.withLock { e -> ExitStatus in
                _ = Glibc.kill(-pid, SIGKILL)
                var raw: Int32 = 0
                var r: pid_t
                repeat { r = waitpid(pid, &raw, 0) } while r < 0 && errno == EINTR
                let status = r == pid ? ExitStatus(waitStatus: raw) : .exited(-1)
                e = status
                return status
            }
            onExit(status)
        }
    }

    /// SIGKILL to the whole group: the agent and anything it started, which may have inherited
    /// a mask that blocks SIGTERM or may simply ignore it.
    func killGroup() {
        exit.withLock { e in
            // Once the leader is reaped its id may belong to someone else.
            if e == nil { _ = Glibc.kill(-pid, SIGKILL) }
        }
    }

    /// Until the leader has been reaped, or `timeoutMs` have passed.
    func waitUntilReaped(timeoutMs: Int = 2000) async {
        var waited = 0
        while !hasExited, waited < timeoutMs {
            try? await Task.sleep(for: .milliseconds(10))
            waited += 10
        }
    }
}

/// glibc extensions that Swift's Glibc module does not declare (it is imported without
/// _GNU_SOURCE), looked up at run time.
enum GNU {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        // RTLD_DEFAULT is the null handle in glibc.
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }

    private nonisolated(unsafe) static let pipe2Function = symbol("pipe2", as: Pipe2.self)
    nonisolated(unsafe) static let addchdir = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)

    /// A pipe whose two ends are close-on-exec from the start, so a child that another thread
    /// spawns meanwhile cannot inherit them.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>) -> Int32 {
        if let pipe2Function { return pipe2Function(fds, O_CLOEXEC) }
        guard pipe(fds) == 0 else { return -1 }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return 0
    }
}
