import Foundation

/// tau-bench's data as CI lays it out: `../shared/tau-bench` beside the clone (or
/// `SUPPORTSIM_TAU_BENCH_DIR`). It is never committed to the project, so a machine without it
/// skips the tests that read it, except under `SUPPORTSIM_REQUIRE_ALL=1`, where they fail.
public enum TauBenchData {
    public static let directory: URL? = {
        if let dir = ProcessInfo.processInfo.environment["SUPPORTSIM_TAU_BENCH_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let beside = root.deletingLastPathComponent().appendingPathComponent("shared/tau-bench")
        return FileManager.default.fileExists(atPath: beside.appendingPathComponent("airline/tasks.json").path) ? beside : nil
    }()

    /// Whether tests that read the data should run (they fail on its absence under CI).
    public static var shouldRun: Bool { directory != nil || ExternalClients.requireAll }

    /// `<data>/<domain>`, e.g. `domain("airline")`; throws a message naming what is missing.
    public static func domain(_ name: String) throws -> URL {
        guard let directory else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey:
                "tau-bench data not found: put it at ../shared/tau-bench beside the clone or set SUPPORTSIM_TAU_BENCH_DIR"])
        }
        return directory.appendingPathComponent(name)
    }
}
