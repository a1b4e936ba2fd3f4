import Foundation

/// Tools from outside the project that some tests run (a Python JSON Schema validator, ...).
/// One rule for all of them: a missing tool skips its test with a message naming what to install,
/// except under `SUPPORTSIM_REQUIRE_ALL=1` (CI, which installs everything), where it must fail.
public enum ExternalClients {
    /// Set by CI: every external client is expected to be present.
    public static var requireAll: Bool { ProcessInfo.processInfo.environment["SUPPORTSIM_REQUIRE_ALL"] == "1" }

    /// The python3 on PATH, if any.
    public static let python3: URL? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// Whether python3 can import the module (e.g. "jsonschema").
    public static func python(module: String) -> Bool {
        guard let python3 else { return false }
        let p = Process()
        p.executableURL = python3
        p.arguments = ["-c", "import \(module)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Whether a test that needs the module should run: when it is there, or when CI requires it
    /// (and the test then fails on its absence instead of skipping).
    public static func shouldRun(python module: String) -> Bool { requireAll || python(module: module) }

    /// Runs python3 with arguments; returns its exit status, standard output and standard error.
    public static func runPython(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        guard let python3 else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = python3
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Output is read before waiting so that a full pipe cannot stall the child; the scripts
        // these tests run write little to standard error.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errText = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errText, as: UTF8.self))
    }
}
