import Foundation
import Synchronization
import SupportSimCore
#if canImport(Glibc)
import Glibc
#endif

/// A journal that cannot be read or written, with where and why.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String
    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}

/// What a journal holds: its header and one line per finished conversation, in the order they
/// finished.
public struct JournalContents: Sendable {
    public var header: JournalHeader
    public var conversations: [(key: TrialKey, line: JSONValue, number: Int)]
    /// Bytes up to the end of the last whole line: a run killed mid-write leaves a torn last
    /// line, which is dropped (that conversation is played again) and cut off before appending.
    public var wholeLength: Int
    public var tornTail: Bool
}

/// `<run folder>/journal.jsonl`: a header line, then one line per finished conversation, each
/// written by a single `write` as the conversation finishes. Lines in the kernel's page cache
/// survive SIGKILL of the run, so a killed run loses only its conversations in flight.
public enum RunJournal {
    public static let fileName = "journal.jsonl"

    public static func read(_ url: URL) throws(JournalError) -> JournalContents {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw JournalError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            lines.append((lines.count + 1, bytes[start..<i]))
            start = i + 1
        }
        let tornTail = start < bytes.count
        guard let first = lines.first else {
            throw JournalError(path: url.path, line: 1, reason: "no header line: the run was stopped before it began")
        }
        let header: JournalHeader
        do {
            header = try JournalHeader(json: try JSONValue.parse(Data(first.bytes)))
        } catch {
            throw JournalError(path: url.path, line: 1, reason: "not a supportsim journal header: \(error)")
        }
        var conversations: [(key: TrialKey, line: JSONValue, number: Int)] = []
        var seen: [TrialKey: Int] = [:]
        for (number, slice) in lines.dropFirst() {
            do {
                let value = try JSONValue.parse(Data(slice))
                let key = try PlayedConversation.key(of: value)
                if let earlier = seen[key] {
                    throw JournalError(path: url.path, line: number, reason: "\(key) was already recorded on line \(earlier)")
                }
                seen[key] = number
                conversations.append((key, value, number))
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError(path: url.path, line: number, reason: "\(error)")
            }
        }
        return JournalContents(header: header, conversations: conversations, wholeLength: start, tornTail: tornTail)
    }

    /// The journal's conversations as played records, in journal order. `scenario` finds the
    /// suite's scenario by id (nil: the suite has none of that id, which is refused) and
    /// `startingWorld` the world its conversations started from.
    public static func records(_ contents: JournalContents, at url: URL, scenario: (String) -> Scenario?,
                               startingWorld: (Scenario) -> World) throws(JournalError) -> [ConversationRecord] {
        var out: [ConversationRecord] = []
        out.reserveCapacity(contents.conversations.count)
        for (key, line, number) in contents.conversations {
            guard let s = scenario(key.scenario) else {
                throw JournalError(path: url.path, line: number, reason: "scenario \(key.scenario) is not in the suite any more")
            }
            do {
                out.append(try PlayedConversation.decode(line, scenario: s, startingWorld: startingWorld(s)))
            } catch {
                throw JournalError(path: url.path, line: number, reason: "\(error)")
            }
        }
        return out
    }
}

/// Appends lines to a journal from any task; each line is one `write`, so lines never interleave.
public final class JournalWriter: Sendable {
    public let url: URL
    private let descriptor: Mutex<Int32>

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = Mutex(descriptor)
    }

    /// A new journal with its header; refuses to replace an existing one.
    public static func create(at url: URL, header: JournalHeader) throws(JournalError) -> JournalWriter {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError(path: url.path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        let writer = JournalWriter(url: url, descriptor: fd)
        try writer.append(header.json)
        return writer
    }

    /// The journal of a run being resumed, with a torn last line cut off.
    public static func reopen(_ contents: JournalContents, at url: URL) throws(JournalError) -> JournalWriter {
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError(path: url.path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        if contents.tornTail, ftruncate(fd, off_t(contents.wholeLength)) != 0 {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw JournalError(path: url.path, reason: "cannot cut off the torn last line: \(reason)")
        }
        return JournalWriter(url: url, descriptor: fd)
    }

    public func append(_ value: JSONValue) throws(JournalError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        value.appendJSON(to: &bytes)
        try append(line: bytes)
    }

    /// A line of JSON already encoded (without its newline), written with one `write`.
    public func append(line: [UInt8]) throws(JournalError) {
        var bytes = line
        bytes.append(0x0A)
        let failure: String? = descriptor.withLock { fd in
            guard fd >= 0 else { return "the journal is closed" }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
        if let failure { throw JournalError(path: url.path, reason: "cannot write: \(failure)") }
    }

    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    deinit { close() }
}
