import Foundation
import Synchronization
import SupportSimCore
import SupportSimProcess

/// An agent in a long-lived child process speaking JSON lines (agent-protocol.md, `exec`).
/// Conversations are interleaved on the one pipe; every message carries its conversation.
///
/// Faults end only what they must:
/// - A turn that gets no reply ends its own conversation (the runner's turn timeout). If the
///   child wrote nothing at all while that turn waited, it looks wedged and is restarted.
/// - A message for a conversation that is not waiting (a late reply after a timeout, a
///   misaddressed one) is discarded and noted in `log` under the conversation it names: it is
///   never given to, and never fails, another conversation.
/// - A stdout line that is not a protocol message (not a JSON object, no `conversation`) is noted
///   in `log`, truncated, and skipped; more than `maxStrayLines` of them from one child restart it.
/// - A line longer than `maxLineBytes` is dropped while it is read (never buffered) and restarts
///   the child.
/// - A child that exits, and every restart above, ends the conversations waiting on it at that
///   moment: with several jobs in flight one crash errors all of them, since none of their
///   replies can come any more. Nothing is replayed to the new child: a conversation that had
///   turns on the old child ends with an error at its next turn rather than continuing silently
///   on a child that has no memory of it. Conversations that start later run on the new child.
///
/// The child runs in a process group of its own, with a clean signal state; the group is killed
/// on every restart and at `stop()`, so nothing the agent started outlives the run.
public final class ExecAgent: SupportAgent, Sendable {
    public let command: [String]
    public let workingDirectory: URL?
    /// The longest stdout line accepted, in bytes.
    public let maxLineBytes: Int
    /// How many non-protocol stdout lines one child may write before it is restarted.
    public let maxStrayLines: Int
    private let state = Mutex(State())
    /// What the child wrote on stderr, and the harness's notes (prefixed `[supportsim] `).
    private let agentLog = Mutex("")

    struct Waiting {
        var continuation: CheckedContinuation<AgentReply, any Error>
        var tools: any ToolGateway
        /// The child the turn was sent to.
        var generation: Int
        /// The child's line count when the turn was sent: unchanged at the timeout means silence.
        var linesBefore: Int
    }

    struct State {
        var child: ChildProcess?
        var generation = 0
        var waiting: [String: Waiting] = [:]
        /// The child each conversation in progress talks to: its memory of it lives there.
        var conversations: [String: Int] = [:]
        /// Lines read from the current child, and how many of them were not protocol messages.
        var lines = 0
        var strayLines = 0
    }

    public init(command: [String], workingDirectory: URL? = nil, maxLineBytes: Int = 8 << 20, maxStrayLines: Int = 1000) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.maxLineBytes = maxLineBytes
        self.maxStrayLines = maxStrayLines
    }

    public var chargesWallTime: Bool { true }

    /// The run's agent log: the child's stderr and what the harness discarded or restarted.
    public var log: String { agentLog.withLock { $0 } }

    public func start() async throws {
        _ = try ensureChild()
    }

    /// Starts the child on the calling thread (tests use it to spawn from a thread whose signal
    /// mask they control).
    func startChildNow() throws { _ = try ensureChild() }

    public func stop() async {
        let current = state.withLock { s -> (ChildProcess, Int)? in
            s.conversations.removeAll()
            return s.child.map { ($0, s.generation) }
        }
        guard let (child, generation) = current else { return }
        restart(generation: generation, failing: "the agent was stopped")
        await child.waitUntilReaped()
    }

    public func endConversation(_ conversation: String) async {
        let child = state.withLock { s -> ChildProcess? in
            let generation = s.conversations.removeValue(forKey: conversation)
            return generation == s.generation ? s.child : nil
        }
        child?.send(["type": "end", "conversation": .string(conversation)])
    }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        let (child, generation) = try ensureChild()
        let conversation = turn.conversation
        let lost = state.withLock { s -> Bool in
            if let g = s.conversations[conversation], g != generation { return true }
            s.conversations[conversation] = generation
            return false
        }
        if lost {
            throw AgentFailure("the agent process was restarted during this conversation; it is not replayed to the new one")
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { s in
                    s.waiting[conversation] = Waiting(continuation: continuation, tools: tools, generation: generation, linesBefore: s.lines)
                }
                // Cancelled before the turn was registered: the handler found nothing to end.
                if Task.isCancelled { gaveUp(on: conversation) } else { child.send(turn.json) }
            }
        } onCancel: {
            gaveUp(on: conversation)
        }
    }

    // MARK: - The child

    private func ensureChild() throws -> (ChildProcess, Int) {
        try state.withLock { s in
            if let c = s.child, c.isRunning { return (c, s.generation) }
            s.generation += 1
            s.lines = 0
            s.strayLines = 0
            let generation = s.generation
            let child = try ChildProcess(command: command, workingDirectory: workingDirectory, maxLineBytes: maxLineBytes,
                onLine: { [weak self] line in self?.handle(line, generation: generation) },
                onOversizedLine: { [weak self] in self?.oversizedLine(generation: generation) },
                onStderr: { [weak self] text in self?.agentLog.withLock { $0 += text } },
                onExit: { [weak self] status in self?.childExited(status, generation: generation) })
            s.child = child
            return (child, generation)
        }
    }

    /// A line in the log from the harness, on a line of its own.
    private func note(_ text: String) {
        agentLog.withLock { log in
            if !log.isEmpty, !log.hasSuffix("\n") { log += "\n" }
            log += "[supportsim] \(text)\n"
        }
    }

    private static func excerpt(_ line: String) -> String {
        line.count <= 200 ? line : "\(line.prefix(200))… (\(line.utf8.count) bytes)"
    }

    /// Ends the conversations waiting on child `generation` with `reason` and, if it is still the
    /// current child, kills its process group; the next turn starts a new child.
    private func restart(generation: Int, failing reason: String) {
        let (waiting, child) = state.withLock { s -> ([Waiting], ChildProcess?) in
            let ended = s.waiting.filter { $0.value.generation == generation }
            for key in ended.keys { s.waiting[key] = nil }
            guard s.generation == generation else { return (Array(ended.values), nil) }
            defer { s.child = nil }
            return (Array(ended.values), s.child)
        }
        child?.terminate()
        for w in waiting { w.continuation.resume(throwing: AgentFailure(reason)) }
    }

    /// The runner gave up on this turn (its timeout): forget it, so a late reply is discarded.
    private func gaveUp(on conversation: String) {
        let (waiting, wedged) = state.withLock { s -> (Waiting?, Bool) in
            guard let w = s.waiting.removeValue(forKey: conversation) else { return (nil, false) }
            return (w, w.generation == s.generation && s.child != nil && s.lines == w.linesBefore)
        }
        guard let waiting else { return }
        waiting.continuation.resume(throwing: CancellationError())
        if wedged {
            // Not a line for anyone while the turn waited: a child stuck in a loop or a sleep
            // would make every later conversation time out too.
            note("restarted the agent: it wrote nothing while conversation \"\(conversation)\" waited for its reply")
            restart(generation: waiting.generation,
                    failing: "the agent was restarted: it wrote nothing while conversation \"\(conversation)\" waited for its reply")
        }
    }

    private func childExited(_ status: ExitStatus, generation: Int) {
        let unexpected = state.withLock { $0.generation == generation && $0.child != nil }
        if unexpected { note("the agent process exited (\(status))") }
        restart(generation: generation, failing: "the agent process exited (\(status))")
    }

    private func oversizedLine(generation: Int) {
        guard state.withLock({ $0.generation == generation && $0.child != nil }) else { return }
        note("the agent wrote a stdout line longer than \(maxLineBytes) bytes; it was dropped and the agent restarted")
        restart(generation: generation, failing: "the agent wrote a line longer than \(maxLineBytes) bytes (maxLineBytes); it was restarted")
    }

    private func strayLine(_ line: String, generation: Int) {
        let count = state.withLock { s -> Int in
            s.strayLines += 1
            return s.strayLines
        }
        note("stdout line that is not a protocol message, skipped: \(Self.excerpt(line))")
        if count == maxStrayLines + 1 {
            note("more than \(maxStrayLines) stdout lines that are not protocol messages: the agent is restarted")
            restart(generation: generation,
                    failing: "the agent wrote more than \(maxStrayLines) lines that are not protocol messages; it was restarted")
        }
    }

    private func handle(_ line: String, generation: Int) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        // Lines still in the pipe of a child that has been replaced answer nothing now.
        let current = state.withLock { s -> Bool in
            guard s.generation == generation, s.child != nil else { return false }
            s.lines += 1
            return true
        }
        guard current else { return }
        guard let message = try? JSONValue.parse(line), message.objectValue != nil,
              let conversation = message["conversation"]?.stringValue
        else {
            strayLine(line, generation: generation)
            return
        }
        let type = message["type"]?.stringValue ?? ""
        // Only a conversation waiting on this child can take the message; a tool call leaves
        // the turn waiting, anything else ends it.
        let waiting = state.withLock { s -> Waiting? in
            guard let w = s.waiting[conversation], w.generation == generation else { return nil }
            if type != "tool_call" { s.waiting[conversation] = nil }
            return w
        }
        guard let waiting else {
            note("discarded a \(type.isEmpty ? "message" : type) for conversation \"\(conversation)\": it is not waiting for one "
                 + "(a late reply after its turn timed out, or an unknown conversation): \(Self.excerpt(line))")
            return
        }
        switch type {
        case "reply":
            do throws(AgentFailure) {
                waiting.continuation.resume(returning: try ProtocolMessages.reply(message))
            } catch {
                waiting.continuation.resume(throwing: error)
            }
        case "tool_call":
            guard let child = state.withLock({ $0.child }) else { return }
            let id = message["id"] ?? .null
            let name = message["name"]?.stringValue ?? ""
            let args = message["args"]?.objectValue ?? [:]
            let tools = waiting.tools
            Task {
                let outcome = await tools.call(name, args)
                var result: [String: JSONValue] = ["type": "tool_result", "conversation": .string(conversation), "id": id]
                switch outcome {
                case .success(let r): result["result"] = r
                case .failure(let e): result["error"] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
                }
                child.send(.object(result))
            }
        default:
            waiting.continuation.resume(throwing: AgentFailure("the agent sent an unknown message type \"\(type)\""))
        }
    }
}
