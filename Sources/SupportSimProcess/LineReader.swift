import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Splits a byte stream into lines of at most `maxLineBytes` bytes (the newline excluded). A
/// longer line is reported once as `.oversized` and the rest of it is dropped as it arrives:
/// an agent that writes a 100 MB line must never make the harness hold 100 MB, nor stop reading
/// (the agent would block on a full pipe and every conversation would time out).
struct LineSplitter {
    enum Event: Equatable, Sendable {
        case line(String)
        case oversized
    }

    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Inside a line that is over the limit: skip up to its newline.
    private var discarding = false

    init(maxLineBytes: Int) { self.maxLineBytes = max(1, maxLineBytes) }

    /// Bytes held for the line in progress; never more than the limit.
    var bufferedBytes: Int { buffer.count }

    mutating func feed(_ bytes: [UInt8], emit: (Event) -> Void) {
        bytes.withUnsafeBufferPointer { feed($0, emit: emit) }
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Event) -> Void) {
        guard !bytes.isEmpty else { return }
        var start = 0
        while start < bytes.count {
            // memchr: a byte-by-byte scan of megabytes is too slow in a debug build.
            let newline = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
                .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<(newline ?? bytes.count)])
            if !discarding {
                if buffer.count + piece.count > maxLineBytes {
                    emit(.oversized)
                    buffer = []
                    discarding = true
                } else {
                    buffer.append(contentsOf: piece)
                }
            }
            guard let newline else { return }
            if !discarding { emit(.line(String(decoding: buffer, as: UTF8.self))) }
            // Keep a small buffer's storage for the next line, never a huge one's.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 << 10)
            discarding = false
            start = newline + 1
        }
    }

    /// At the end of the stream: the last line if it had no newline (a one-shot handler may exit
    /// right after `printf '{...}'`). Not for a stream that was cut off, whose tail is a fragment.
    mutating func finish(emit: (Event) -> Void) {
        if !discarding, !buffer.isEmpty { emit(.line(String(decoding: buffer, as: UTF8.self))) }
        buffer = []
        discarding = false
    }
}

/// A pipe whose only job is to wake the threads polling it: once signalled it stays readable,
/// so every reader stops, even one whose stream a stray grandchild still holds open.
final class WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = GNU.pipe2(&fds)
        readFD = fds[0]
        writeFD = fds[1]
    }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}

enum StreamReader {
    /// Reads `fd` on the calling thread, handing each chunk to `chunk`, until end of file, a read
    /// error, or `stop` is signalled. Blocking here keeps the cooperative pool free.
    static func read(_ fd: Int32, until stop: WakePipe, chunk: (UnsafeBufferPointer<UInt8>) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: stop.readFD, events: Int16(POLLIN), revents: 0)]
        // Once stopped, what is already in the pipe is still read (the last stderr lines of an
        // agent that was just killed), but only so much: a stray writer must not keep us here.
        var drainBudget = 16
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 {
                drainBudget -= 1
                if fds[0].revents & Int16(POLLIN) == 0 || drainBudget < 0 { return }
            }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            buffer.withUnsafeBufferPointer { chunk(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
