import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Bytes put aside on disk while a run plays, read back when its reports are written: each
/// finished conversation's pieces of results.json and report.html, so that the run keeps a
/// short summary of the conversation in memory instead of its transcript and audit log, and
/// its memory stays flat in the number of conversations.
///
/// The file is created in the run's own folder and unlinked at once: it takes no name there, a
/// run that is killed leaves nothing behind, and the space is returned when the run ends.
/// Appends from concurrent conversations reserve their range under a lock and write outside it.
public final class ReportSpool: Sendable {
    /// Where one append's bytes are.
    public struct Slot: Sendable, Hashable {
        public let offset: Int64
        public let count: Int
        public init(offset: Int64, count: Int) {
            self.offset = offset
            self.count = count
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private let end = Mutex<Int64>(0)
    /// Where the file was made, for messages.
    public let folder: String

    public init(in folder: URL) throws(Failure) {
        self.folder = folder.path
        let path = folder.appendingPathComponent(".report-spool-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create a spool file in \(folder.path): \(Self.lastError)") }
        unlink(path)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes `pieces` one after another and returns where each is.
    public func append(_ pieces: [[UInt8]]) throws(Failure) -> [Slot] {
        let total = pieces.reduce(0) { $0 + $1.count }
        let start = end.withLock { e in
            defer { e += Int64(total) }
            return e
        }
        var slots: [Slot] = []
        var offset = start
        for piece in pieces {
            try write(piece, at: offset)
            slots.append(Slot(offset: offset, count: piece.count))
            offset += Int64(piece.count)
        }
        return slots
    }

    /// The bytes of a slot this spool returned.
    public func read(_ slot: Slot) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: slot.count)
        var done = 0
        let fd = self.fd
        let failure: String? = bytes.withUnsafeMutableBytes { buffer in
            while done < slot.count {
                let n = pread(fd, buffer.baseAddress! + done, slot.count - done, off_t(slot.offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return Self.lastError }
                if n == 0 { return "the spool ended early" }
                done += n
            }
            return nil
        }
        if let failure { throw Failure(description: "cannot read back the report spool in \(folder): \(failure)") }
        return bytes
    }

    private func write(_ piece: [UInt8], at offset: Int64) throws(Failure) {
        var done = 0
        let fd = self.fd
        let failure: String? = piece.withUnsafeBytes { buffer in
            while done < piece.count {
                let n = pwrite(fd, buffer.baseAddress! + done, piece.count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return Self.lastError }
                done += n
            }
            return nil
        }
        if let failure { throw Failure(description: "cannot write the report spool in \(folder): \(failure)") }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

/// Where a conversation's report pieces were spooled (`ScenarioResult.spooled`).
public struct SpooledPieces: Sendable {
    public let spool: ReportSpool
    /// Its object of results.json's `scenarios`, as the writer puts it there (indent level 2).
    public let resultsJSON: ReportSpool.Slot
    /// Its object of report.html's conversation data.
    public let html: ReportSpool.Slot

    public init(spool: ReportSpool, resultsJSON: ReportSpool.Slot, html: ReportSpool.Slot) {
        self.spool = spool
        self.resultsJSON = resultsJSON
        self.html = html
    }
}
