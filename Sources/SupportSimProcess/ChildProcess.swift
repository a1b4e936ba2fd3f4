import Foundation
import Synchronization
import SupportSimCore
#if canImport(Glibc)
import Glibc
#endif

/// An agent's child process: messages in on stdin, lines out of stdout with a size limit,
/// stderr captured, and its exit seen by waiting on the pid (ProcessGroup).
public final class ChildProcess: Sendable {
    private let group: ProcessGroup
    /// Stops the reader threads, even if a stray process still holds the pipes open.
    private let stopReading = WakePipe()
    /// Writes happen here, never on the cooperative pool: a child that does not read its stdin
    /// fills the pipe, and a blocked write must not tie up one of the pool's few threads.
    private let writer = DispatchQueue(label: "supportsim.exec-agent.stdin")
    private let stdinClosed = Mutex(false)

    public init(command: [String], workingDirectory: URL?, maxLineBytes: Int,
         onLine: @escaping @Sendable (String) -> Void, onOversizedLine: @escaping @Sendable () -> Void,
         onStderr: @escaping @Sendable (String) -> Void, onExit: @escaping @Sendable (ExitStatus) -> Void) throws {
        guard let executable = command.first else { throw AgentFailure("the exec agent needs a command") }
        // Writing to a child that has died must be an error we handle, not a signal that kills us.
        // (The child gets SIGPIPE back at its default: ProcessGroup resets every disposition.)
        signal(SIGPIPE, SIG_IGN)
        guard let path = Self.resolve(executable, in: workingDirectory) else {
            throw AgentFailure("cannot start \(command.joined(separator: " ")): \(executable) is not an executable file or on PATH")
        }
        group = try ProcessGroup(executable: path, command: command, workingDirectory: workingDirectory?.path)

        let stop = stopReading
        let drained = DispatchSemaphore(value: 0)
        let out = group.stdout, err = group.stderr
        // A dedicated thread per stream: blocking reads never tie up the cooperative pool.
        Thread.detachNewThread {
            var splitter = LineSplitter(maxLineBytes: maxLineBytes)
            StreamReader.read(out, until: stop) { chunk in
                splitter.feed(chunk) { event in
                    switch event {
                    case .line(let line): onLine(line)
                    case .oversized: onOversizedLine()
                    }
                }
            }
            close(out)
            drained.signal()
        }
        Thread.detachNewThread {
            StreamReader.read(err, until: stop) { chunk in onStderr(String(decoding: chunk, as: UTF8.self)) }
            close(err)
        }
        group.watch { [self] status in
            // What the agent wrote before it died comes first (a reply, then the exit); the group
            // is dead by now, so its stdout ends at once unless something escaped the group.
            _ = drained.wait(timeout: .now() + .milliseconds(200))
            stopReading.signal()
            closeStdin()
            onExit(status)
        }
    }

    public var isRunning: Bool { !group.hasExited }

    /// The agent's process group (its pid).
    public var processGroupID: pid_t { group.pid }

    /// The executable's path: as given when it has a slash (relative to the working folder),
    /// else the first match on PATH.
    static func resolve(_ name: String, in folder: URL?) -> String? {
        let fm = FileManager.default
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : (folder ?? URL(fileURLWithPath: fm.currentDirectoryPath)).appendingPathComponent(name).path
            return fm.isExecutableFile(atPath: path) ? path : nil
        }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }.first { fm.isExecutableFile(atPath: $0) }
    }

    public func send(_ message: JSONValue) {
        let data = Array((message.jsonText() + "\n").utf8)
        let fd = group.stdin
        writer.async { [self] in
            guard !stdinClosed.withLock({ $0 }) else { return }
            var offset = 0
            while offset < data.count {
                let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + offset, data.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    // The child has gone; its exit is reported by the exit watcher.
                    return
                }
                offset += n
            }
        }
    }

    /// Kills the agent's whole process group and stops reading from it. The exit watcher then
    /// reaps the agent.
    public func terminate() {
        group.killGroup()
        stopReading.signal()
        closeStdin()
    }

    /// Until the agent has been reaped (bounded: a kill takes effect at once).
    public func waitUntilReaped() async {
        await group.waitUntilReaped()
    }

    /// Closed on the writer queue, after the writes already queued (which fail fast once the
    /// child is dead), so a write never meets a closed and reused descriptor.
    private func closeStdin() {
        let fd = group.stdin
        writer.async { [self] in
            let wasClosed = stdinClosed.withLock { c in defer { c = true }; return c }
            if !wasClosed { close(fd) }
        }
    }
}
