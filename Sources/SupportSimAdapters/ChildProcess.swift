import Foundation
import Synchronization
import SupportSimCore

/// A child process with line-oriented stdout, captured stderr and an exit callback.
final class ChildProcess: Sendable {
    private let process: Process
    private let input: FileHandle
    private let writeLock = Mutex(())

    init(command: [String], workingDirectory: URL?, onLine: @escaping @Sendable (String) -> Void,
         onStderr: @escaping @Sendable (String) -> Void, onExit: @escaping @Sendable (Int32) -> Void) throws {
        guard let executable = command.first else { throw AgentFailure("the exec agent needs a command") }
        // Writing to a child that has died must be an error we handle, not a signal that kills us.
        signal(SIGPIPE, SIG_IGN)
        let p = Process()
        guard let path = Self.resolve(executable, in: workingDirectory) else {
            throw AgentFailure("cannot start \(command.joined(separator: " ")): \(executable) is not an executable file or on PATH")
        }
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = Array(command.dropFirst())
        if let workingDirectory { p.currentDirectoryURL = workingDirectory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        p.terminationHandler = { proc in onExit(proc.terminationStatus) }
        do {
            try p.run()
        } catch {
            throw AgentFailure("cannot start \(command.joined(separator: " ")): \(error.localizedDescription)")
        }
        process = p
        input = stdin.fileHandleForWriting
        // A dedicated thread per stream: blocking reads never tie up the cooperative pool.
        let out = stdout.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = out.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let nl = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...nl)
                    onLine(line)
                }
            }
        }
        let err = stderr.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = err.availableData
                if chunk.isEmpty { break }
                onStderr(String(decoding: chunk, as: UTF8.self))
            }
        }
    }

    var isRunning: Bool { process.isRunning }

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

    func send(_ message: JSONValue) {
        let data = Data((message.jsonText() + "\n").utf8)
        writeLock.withLock { _ in
            // A child that has exited closes the pipe; its exit is reported by the exit handler.
            try? input.write(contentsOf: data)
        }
    }

    /// SIGKILL: children may inherit a signal mask that blocks SIGTERM, and an agent that
    /// ignores it must not outlive the run.
    func terminate() {
        try? input.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
