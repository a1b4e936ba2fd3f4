import Foundation
import SupportSimTesting
import Testing

/// `supportsim serve` run as a separate process on a free loopback port, as users run it.
struct ServeProcess {
    let process: Process
    /// `http://127.0.0.1:PORT`.
    let base: String
    let port: Int

    /// Starts the built binary and waits for the line that names its address.
    static func start(_ suite: URL, arguments: [String] = []) throws -> ServeProcess {
        let p = Process()
        p.executableURL = SupportSimBinary.url
        p.arguments = ["serve", suite.path, "--port", "0"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let line = firstLine(of: out.fileHandleForReading)
        guard let match = String(decoding: line, as: UTF8.self).firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)/),
            let port = Int(match.output.1)
        else {
            kill(p.processIdentifier, SIGKILL)
            throw ServeFailure(output: String(decoding: line, as: UTF8.self))
        }
        return ServeProcess(process: p, base: String(match.output.0), port: port)
    }

    /// What a child writes up to its first line break: the line servers print with their address.
    static func firstLine(of handle: FileHandle) -> Data {
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        return line
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct ServeFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "serve did not print its address; it printed: \(output.prefix(300))" }
    }
}
