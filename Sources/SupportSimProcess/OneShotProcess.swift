import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How one run of a command ended (OneShotProcess.run).
public enum OneShotOutcome: Sendable, Hashable {
    /// The first line of stdout that is not blank (without its newline), and how the process
    /// ended: nil when it was still running after answering and was killed.
    case answered(line: String, status: ExitStatus?)
    /// The command could not be started; the message names it and says why.
    case cannotStart(String)
    /// No answer within the time limit; the whole process group was killed.
    case timedOut(ms: Int)
    /// The process exited before writing a non-blank line. `stderrTail` is the end of what it
    /// wrote on stderr (about the last 2 KB, trimmed), often the handler's own error message.
    case exitedWithoutAnswer(status: ExitStatus, stderrTail: String)
    /// The first non-blank line was longer than the limit (bytes); it was never held in memory.
    case outputTooLarge(limit: Int)
    /// The calling task was cancelled before an answer came; the process group was killed.
    case cancelled
}

/// Runs a command once: one line of input on stdin, one line of answer from stdout.
///
/// The command is started through ProcessGroup (posix_spawn, its own process group, a clean
/// signal state), never Foundation.Process. Whatever happens, the whole group is killed and the
/// leader reaped before `run` returns: a handler that forks a sleeper and exits, or answers and
/// lingers, leaves nothing behind (except a process that moved itself to another group).
/// All blocking I/O happens on dedicated threads, so a handler that never reads its stdin or
/// never answers ties up no thread of the cooperative pool.
public enum OneShotProcess {
    /// How much of stderr is kept for `exitedWithoutAnswer`.
    public static let stderrTailBytes = 2048
    /// After answering, a handler gets this long to exit on its own (for its exit status) before
    /// it is killed; its answer is already read, so waiting any longer only delays the caller.
    static let graceAfterAnswerMs = 500
    /// After the leader died, how long its last output may take to arrive (a process that left the
    /// group could hold the pipes open forever).
    static let drainMs = 200

    public static func run(command: [String], workingDirectory: URL, input: String, timeoutMs: Int,
                           maxOutputBytes: Int = 1 << 20) async -> OneShotOutcome {
        let path: String
        switch resolveExecutable(command, in: workingDirectory) {
        case .success(let p): path = p
        case .failure(let message): return .cannotStart(message.reason)
        }
        if Task.isCancelled { return .cancelled }
        // A handler that exits without reading its stdin must make our write fail, not kill us.
        // (The child gets SIGPIPE back at its default: ProcessGroup resets every disposition.)
        signal(SIGPIPE, SIG_IGN)
        let group: ProcessGroup
        do {
            group = try ProcessGroup(executable: path, command: command, workingDirectory: workingDirectory.path)
        } catch {
            return .cannotStart(error.reason)
        }

        let call = OneShotCall()
        let stop = WakePipe()
        startIO(group: group, call: call, stop: stop, input: Array((input + "\n").utf8), maxOutputBytes: maxOutputBytes)
        group.watch { status in call.update { $0.exit = status } }

        let started = ContinuousClock.now
        let timer = call.alarm(afterMs: timeoutMs) { $0.timedOut = true }
        let outcome = await withTaskCancellationHandler {
            await decide(call: call, stop: stop, timeoutMs: timeoutMs, started: started, maxOutputBytes: maxOutputBytes)
        } onCancel: {
            call.update { $0.cancelled = true }
        }
        timer.cancel()
        // Always: nothing of the handler outlives the call. Killing a group whose leader already
        // exited is a no-op (the exit watcher killed it then, while the leader's pid was still held).
        // SIGKILL cannot be caught or blocked, so waiting for the reap is short.
        group.killGroup()
        stop.signal()
        await call.wait { $0.exit != nil }
        return outcome
    }

    /// Waits for the first thing that settles the call and turns it into an outcome.
    private static func decide(call: OneShotCall, stop: WakePipe, timeoutMs: Int, started: ContinuousClock.Instant,
                               maxOutputBytes: Int) async -> OneShotOutcome {
        await call.wait { $0.answer != nil || $0.oversized || $0.exit != nil || $0.timedOut || $0.cancelled }
        let first = call.facts
        if let line = first.answer {
            let elapsed = Int((ContinuousClock.now - started) / .milliseconds(1))
            let grace = call.alarm(afterMs: min(graceAfterAnswerMs, max(0, timeoutMs - elapsed))) { $0.graceOver = true }
            await call.wait { $0.exit != nil || $0.graceOver || $0.timedOut || $0.cancelled }
            grace.cancel()
            return .answered(line: line, status: call.facts.exit)
        }
        if first.oversized { return .outputTooLarge(limit: maxOutputBytes) }
        if first.timedOut { return .timedOut(ms: timeoutMs) }
        if first.cancelled { return .cancelled }

        // The leader exited first. What it wrote just before may still be in the pipes: its group
        // is dead, so they end at once, unless something that left the group holds them open.
        let drain = call.alarm(afterMs: drainMs) { $0.drainOver = true }
        await call.wait { ($0.stdoutDone && $0.stderrDone) || $0.drainOver }
        drain.cancel()
        stop.signal()
        await call.wait { $0.stdoutDone }
        let last = call.facts
        if let line = last.answer { return .answered(line: line, status: last.exit) }
        if last.oversized { return .outputTooLarge(limit: maxOutputBytes) }
        return .exitedWithoutAnswer(status: last.exit ?? .exited(-1), stderrTail: call.stderrTail)
    }

    /// The stdin writer and the stdout and stderr readers, each on a thread of its own.
    private static func startIO(group: ProcessGroup, call: OneShotCall, stop: WakePipe, input: [UInt8], maxOutputBytes: Int) {
        let inFD = group.stdin, outFD = group.stdout, errFD = group.stderr
        Thread.detachNewThread {
            writeAll(input, to: inFD, until: stop)
            close(inFD)  // EOF: the handler knows the request is complete
        }
        Thread.detachNewThread {
            var splitter = LineSplitter(maxLineBytes: maxOutputBytes)
            var settled = false
            // After the answer (or an oversized line) the rest is read and dropped, so a chatty
            // handler never blocks on a full pipe while it is given time to exit.
            func handle(_ event: LineSplitter.Event) {
                guard !settled else { return }
                switch event {
                case .line(let line):
                    guard line.contains(where: { !$0.isWhitespace }) else { return }
                    settled = true
                    call.update { $0.answer = line }
                case .oversized:
                    settled = true
                    call.update { $0.oversized = true }
                }
            }
            StreamReader.read(outFD, until: stop) { chunk in
                if !settled { splitter.feed(chunk, emit: handle) }
            }
            // End of stdout or stopped after the leader died: an unterminated last line counts.
            // (Stopped for any other reason, the outcome is already decided and this is ignored.)
            if !settled { splitter.finish(emit: handle) }
            close(outFD)
            call.update { $0.stdoutDone = true }
        }
        Thread.detachNewThread {
            StreamReader.read(errFD, until: stop) { chunk in call.appendStderr(chunk) }
            close(errFD)
            call.update { $0.stderrDone = true }
        }
    }

    /// Writes without ever blocking for good: the descriptor is non-blocking and a full pipe is
    /// waited on together with `stop`, so a handler that never reads (or a stray process that
    /// keeps its stdin open) cannot keep this thread. A write error (EPIPE: the handler closed
    /// its stdin or died) just ends the writing; its answer or its exit decides the call.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32, until stop: WakePipe) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n; continue }
                guard n < 0, errno == EAGAIN || errno == EINTR else { return }
                if errno == EINTR { continue }
                var fds = [pollfd(fd: fd, events: Int16(POLLOUT), revents: 0),
                           pollfd(fd: stop.readFD, events: Int16(POLLIN), revents: 0)]
                while poll(&fds, 2, -1) < 0, errno == EINTR {}
                if fds[1].revents != 0 { return }
            }
        }
    }

    /// The executable's path, or a message that says what to fix.
    static func resolveExecutable(_ command: [String], in folder: URL) -> Result<String, StartProblem> {
        let shown = "`" + command.joined(separator: " ") + "`"
        guard let name = command.first, !name.isEmpty else { return .failure(.init("cannot start an empty command")) }
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return .failure(.init("cannot start \(shown) in \(folder.path): that folder does not exist"))
        }
        guard name.contains("/") else {
            if let path = ChildProcess.resolve(name, in: folder) { return .success(path) }
            return .failure(.init("cannot start \(shown): \(name) is not an executable file or on PATH"))
        }
        let path = name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
            return .failure(.init("cannot start \(shown): there is no file \(path)"))
        }
        if isFolder.boolValue { return .failure(.init("cannot start \(shown): \(path) is a folder, not a program")) }
        guard fm.isExecutableFile(atPath: path) else {
            return .failure(.init("cannot start \(shown): \(path) is not executable (chmod +x it, or name its interpreter first, e.g. [python3, \(name)])"))
        }
        return .success(path)
    }

    /// Why a command cannot start, as an Error for Result.
    struct StartProblem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// What is known about one run so far, shared by its I/O threads, its exit watcher, its timers
/// and the task that waits on it. One waiter at a time: only `run` waits.
final class OneShotCall: Sendable {
    struct Facts: Sendable {
        var answer: String?
        var oversized = false
        var exit: ExitStatus?
        var stdoutDone = false
        var stderrDone = false
        var timedOut = false
        var graceOver = false
        var drainOver = false
        var cancelled = false
    }

    private struct Waiter {
        let ready: @Sendable (Facts) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Mutex<(facts: Facts, waiter: Waiter?)>((Facts(), nil))
    /// The end of stderr: at most twice the tail is held, cut back to the tail as it grows.
    private let stderr = Mutex<(bytes: [UInt8], cut: Bool)>(([], false))

    var facts: Facts { state.withLock { $0.facts } }

    func update(_ change: @Sendable (inout Facts) -> Void) {
        let resume = state.withLock { s -> CheckedContinuation<Void, Never>? in
            change(&s.facts)
            guard let w = s.waiter, w.ready(s.facts) else { return nil }
            s.waiter = nil
            return w.continuation
        }
        resume?.resume()
    }

    func wait(until ready: @escaping @Sendable (Facts) -> Bool) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if ready(s.facts) { return true }
                s.waiter = Waiter(ready: ready, continuation: c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Sets a fact after a delay, unless cancelled first.
    func alarm(afterMs ms: Int, _ change: @escaping @Sendable (inout Facts) -> Void) -> Task<Void, Never> {
        Task { [self] in
            try? await Task.sleep(for: .milliseconds(max(0, ms)))
            if !Task.isCancelled { update(change) }
        }
    }

    func appendStderr(_ chunk: UnsafeBufferPointer<UInt8>) {
        stderr.withLock { e in
            e.bytes.append(contentsOf: chunk)
            if e.bytes.count > 2 * OneShotProcess.stderrTailBytes {
                e.bytes.removeFirst(e.bytes.count - OneShotProcess.stderrTailBytes)
                e.cut = true
            }
        }
    }

    var stderrTail: String {
        let limit = OneShotProcess.stderrTailBytes
        let (bytes, cut) = stderr.withLock { e in (Array(e.bytes.suffix(limit)), e.cut || e.bytes.count > limit) }
        // A cut may split a UTF-8 sequence: decoding replaces the fragment, it never fails.
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return cut ? "…" + text : text
    }
}
