import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written in chunks and put in place whole: bytes go to `<name>.partial` beside it, which
/// is renamed over the file once complete, so a reader never sees half of it and a failure leaves
/// the previous file as it was.
final class StreamedFile {
    /// Bytes gathered before each write to the file.
    static let chunk = 1 << 20

    let destination: URL
    private let partial: URL
    private let handle: FileHandle
    private var finished = false
    var buffer: [UInt8] = []

    init(_ destination: URL) throws {
        self.destination = destination
        partial = destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw ReportError.cannotWrite(partial.path, "the file cannot be created")
        }
        handle = try FileHandle(forWritingTo: partial)
        buffer.reserveCapacity(Self.chunk + (64 << 10))
    }

    /// A writer that threw before `finish` leaves no partial file behind.
    deinit {
        guard !finished else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: partial)
    }

    func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// Writes the buffer out once it holds a chunk.
    func flushIfFull() throws {
        if buffer.count >= Self.chunk { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and renames the file into place.
    func finish() throws {
        finished = true
        do {
            try flush()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        guard rename(partial.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: partial)
            throw ReportError.cannotWrite(destination.path, reason)
        }
    }
}
