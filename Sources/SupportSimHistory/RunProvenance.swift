import Foundation

/// Where a run came from: the commit of the suite's repository and a hash of its config, so that
/// drift between two runs can be told apart from a change of suite or settings.
public enum RunProvenance {
    /// `git rev-parse HEAD` in the suite folder; nil outside a repository or without git.
    public static func gitCommit(in folder: URL) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "rev-parse", "HEAD"]
        p.currentDirectoryURL = folder
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 40 || text.count == 64 ? text : nil
    }

    /// A stable hash of the config file's bytes (`supportsim.yml`, else `supportsim.yaml`).
    public static func configHash(suiteRoot: URL) -> String? {
        for name in ["supportsim.yml", "supportsim.yaml"] {
            if let data = FileManager.default.contents(atPath: suiteRoot.appendingPathComponent(name).path) {
                return fnv1a64(Array(data))
            }
        }
        return nil
    }

    /// FNV-1a, 64 bits: identifies a config version, which is all this needs (it is no defence
    /// against someone crafting a collision, and needs none).
    public static func fnv1a64(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return "fnv1a64:" + String(h, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
