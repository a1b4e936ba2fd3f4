import Crypto
import Foundation
import Synchronization
import SupportSimCore

/// Recorded model calls (docs/model-driven.md, "Cassettes"): every request SupportSim sends to a
/// model (the openai agent, the model-driven customer, the judge) and the answer it got, one JSON
/// object a line. `--record` calls the models and writes what they answered; `--replay` answers
/// from the file and never touches the network, so a model-backed suite runs the same, byte for
/// byte, in CI. A call is found by its key: the SHA-256 of who calls (role), the conversation
/// (`scenario#trial`) and the request's JSON with sorted keys, so any change to a prompt, a tool
/// or a sampling setting is a miss, and a miss fails the conversation naming scenario and turn.
public final class ModelCassette: Sendable {
    public enum Mode: String, Sendable { case record, replay }

    /// One recorded call, as it is stored.
    struct Entry: Sendable {
        var key: String
        var role: String
        var conversation: String
        var scenario: String
        var turn: Int?
        /// The call's place among its conversation's model calls (the file's order).
        var seq: Int
        var request: JSONValue
        var response: JSONValue
        var latencyMs: Int

        var json: JSONValue {
            var o: [String: JSONValue] = [
                "key": .string(key), "role": .string(role), "conversation": .string(conversation),
                "scenario": .string(scenario), "seq": .number(Decimal(seq)), "request": request, "response": response,
                "latency_ms": .number(Decimal(latencyMs)),
            ]
            if let turn { o["turn"] = .number(Decimal(turn)) }
            return .object(o)
        }
    }

    private struct State {
        /// Replay: answers by key, each used once in the order recorded.
        var answers: [String: [Entry]] = [:]
        /// Record: what this run recorded, and the file's entries for conversations it did not play.
        var recorded: [Entry] = []
        var kept: [Entry] = []
        var nextSeq: [String: Int] = [:]
    }

    public let mode: Mode
    public let url: URL
    private let state = Mutex(State())

    /// Reads the cassette: it must exist to replay; recording over one keeps the conversations
    /// this run does not play.
    public init(mode: Mode, url: URL) throws {
        self.mode = mode
        self.url = url
        let exists = FileManager.default.fileExists(atPath: url.path)
        if mode == .replay && !exists {
            throw CassetteError("no cassette at \(url.path) to replay; record one first with --record")
        }
        let entries = exists ? try Self.read(url) : []
        state.withLock { s in
            if mode == .replay {
                for e in entries.sorted(by: { ($0.conversation, $0.seq) < ($1.conversation, $1.seq) }) {
                    s.answers[e.key, default: []].append(e)
                }
            } else {
                s.kept = entries
            }
        }
    }

    public var isReplaying: Bool { mode == .replay }

    static func key(role: String, site: ModelCallSite, request: JSONValue) -> String {
        let material = role + "\n" + site.conversation + "\n" + request.jsonText()
        return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The recorded answer to this request and how long it took then.
    func replay(role: String, site: ModelCallSite, request: JSONValue) throws -> (JSONValue, Int) {
        let key = Self.key(role: role, site: site, request: request)
        let found = state.withLock { s -> Entry? in
            guard var queue = s.answers[key], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            s.answers[key] = queue
            return first
        }
        guard let found else {
            throw CassetteError("\(site): the \(role)'s model request is not in the cassette \(url.lastPathComponent): it changed "
                                + "since it was recorded (a prompt, a tool, a model setting, an earlier answer) or was never "
                                + "recorded; run again with --record to record it")
        }
        return (found.response, found.latencyMs)
    }

    func record(role: String, site: ModelCallSite, request: JSONValue, response: JSONValue, latencyMs: Int) {
        let key = Self.key(role: role, site: site, request: request)
        state.withLock { s in
            let seq = s.nextSeq[site.conversation, default: 0]
            s.nextSeq[site.conversation] = seq + 1
            s.recorded.append(Entry(key: key, role: role, conversation: site.conversation, scenario: site.scenario,
                                    turn: site.turn, seq: seq, request: Self.stored(request), response: response,
                                    latencyMs: latencyMs))
        }
    }

    /// Writes a recording: this run's calls, and the file's for conversations it did not play,
    /// in conversation and call order, so a re-recording that got the same answers differs only
    /// in latencies. Written beside the old file and moved over it, so a failed write loses nothing.
    public func save() throws {
        guard mode == .record else { return }
        let entries = state.withLock { s -> [Entry] in
            let played = Set(s.recorded.map(\.conversation))
            return s.kept.filter { !played.contains($0.conversation) } + s.recorded
        }.sorted { ($0.conversation, $0.seq) < ($1.conversation, $1.seq) }
        var out: [UInt8] = []
        for e in entries {
            e.json.appendJSON(to: &out)
            out.append(0x0A)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(out).write(to: temporary)
        // rename(2) replaces the old file in one step.
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CassetteError("\(url.path): cannot write the cassette: \(reason)")
        }
    }

    /// What a request is stored as: whole, except the tools offered, which are the same in every
    /// call of a run and stored as their digest (the key covers them whole).
    static func stored(_ request: JSONValue) -> JSONValue {
        guard case .object(var o) = request, let tools = o.removeValue(forKey: "tools") else { return request }
        o["tools_sha256"] = .string(SHA256.hash(data: Data(tools.jsonText().utf8)).map { String(format: "%02x", $0) }.joined())
        return .object(o)
    }

    static func read(_ url: URL) throws -> [Entry] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CassetteError("\(url.path): cannot read the cassette: \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let at = "\(url.path):\(index + 1):1"
            let value: JSONValue
            do { value = try JSONValue.parse(String(line)) } catch {
                throw CassetteError("\(at): expected one JSON object a line, found text that is not JSON (\(error))")
            }
            guard let key = value["key"]?.stringValue, let role = value["role"]?.stringValue,
                let conversation = value["conversation"]?.stringValue, let response = value["response"],
                let request = value["request"]
            else {
                throw CassetteError("\(at): expected an object with key, role, conversation, request and response")
            }
            entries.append(Entry(key: key, role: role, conversation: conversation,
                                 scenario: value["scenario"]?.stringValue ?? "", turn: value["turn"]?.intValue,
                                 seq: value["seq"]?.intValue ?? index, request: request, response: response,
                                 latencyMs: max(0, value["latency_ms"]?.intValue ?? 0)))
        }
        return entries
    }
}

public struct CassetteError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
