import Foundation
import Synchronization
import SupportSimCore

/// An agent in a long-lived child process speaking JSON lines (agent-protocol.md, `exec`).
/// Conversations are interleaved on the one pipe; every message carries its conversation.
///
/// Faults end only what they must: a turn that gets no reply ends its own conversation (the
/// runner's turn timeout); a child that exits or writes a line that is not JSON ends the
/// conversations waiting on it at that moment (a garbled line cannot be attributed to one of
/// them), and the child is restarted for the conversations still to come.
public final class ExecAgent: SupportAgent, Sendable {
    public let command: [String]
    public let workingDirectory: URL?
    private let state = Mutex(State())
    /// Everything the child wrote on stderr, kept for the run's log.
    private let stderrLog = Mutex("")

    struct Waiting {
        var continuation: CheckedContinuation<AgentReply, any Error>
        var tools: any ToolGateway
    }

    struct State {
        var child: ChildProcess?
        var waiting: [String: Waiting] = [:]
        var generation = 0
    }

    public init(command: [String], workingDirectory: URL? = nil) {
        self.command = command
        self.workingDirectory = workingDirectory
    }

    public var chargesWallTime: Bool { true }

    public var log: String { stderrLog.withLock { $0 } }

    public func start() async throws {
        _ = try ensureChild()
    }

    public func stop() async {
        let child = state.withLock { s -> ChildProcess? in
            defer { s.child = nil }
            return s.child
        }
        child?.terminate()
    }

    public func endConversation(_ conversation: String) async {
        guard let child = state.withLock({ $0.child }) else { return }
        child.send(["type": "end", "conversation": .string(conversation)])
    }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        let child = try ensureChild()
        let conversation = turn.conversation
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.waiting[conversation] = Waiting(continuation: continuation, tools: tools) }
                child.send(turn.json)
            }
        } onCancel: {
            // The runner gave up on this turn (timeout): forget it so a late reply is ignored.
            if let w = state.withLock({ $0.waiting.removeValue(forKey: conversation) }) {
                w.continuation.resume(throwing: CancellationError())
            }
        }
    }

    // MARK: - The child

    private func ensureChild() throws -> ChildProcess {
        try state.withLock { s in
            if let c = s.child, c.isRunning { return c }
            s.generation += 1
            let generation = s.generation
            let child = try ChildProcess(command: command, workingDirectory: workingDirectory,
                onLine: { [weak self] line in self?.handle(line, generation: generation) },
                onStderr: { [weak self] text in self?.stderrLog.withLock { $0 += text } },
                onExit: { [weak self] status in self?.childExited(status, generation: generation) })
            s.child = child
            return child
        }
    }

    private func failAll(_ reason: String, generation: Int, restart: Bool) {
        let waiting = state.withLock { s -> [Waiting] in
            guard s.generation == generation else { return [] }
            let all = Array(s.waiting.values)
            s.waiting.removeAll()
            if restart { s.child?.terminate(); s.child = nil }
            return all
        }
        for w in waiting { w.continuation.resume(throwing: AgentFailure(reason)) }
    }

    private func childExited(_ status: Int32, generation: Int) {
        failAll("the agent process exited (status \(status))", generation: generation, restart: true)
    }

    private func handle(_ line: String, generation: Int) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        guard let message = try? JSONValue.parse(line), message.objectValue != nil else {
            failAll("the agent wrote a line that is not a JSON object: \(line.prefix(200))", generation: generation, restart: true)
            return
        }
        let type = message["type"]?.stringValue ?? ""
        guard let conversation = message["conversation"]?.stringValue else {
            failAll("the agent wrote a \(type.isEmpty ? "message" : type) without \"conversation\"", generation: generation, restart: false)
            return
        }
        // A message for a conversation that is not waiting is an agent bug. With one conversation
        // in flight it was surely meant for that one, which ends with the reason; otherwise it
        // cannot be placed and the waiting conversations run into their turn timeout.
        let misplaced = state.withLock { s -> String?? in
            if s.waiting[conversation] != nil { return .none }
            return .some(s.waiting.count == 1 ? s.waiting.keys.first : nil)
        }
        if case .some(let only) = misplaced {
            if let only, let w = state.withLock({ $0.waiting.removeValue(forKey: only) }) {
                w.continuation.resume(throwing: AgentFailure("the agent answered an unknown conversation \"\(conversation)\""))
            }
            return
        }
        switch type {
        case "reply":
            guard let w = state.withLock({ $0.waiting.removeValue(forKey: conversation) }) else { return }
            do throws(AgentFailure) {
                w.continuation.resume(returning: try ProtocolMessages.reply(message))
            } catch {
                w.continuation.resume(throwing: error)
            }
        case "tool_call":
            guard let tools = state.withLock({ $0.waiting[conversation]?.tools }),
                let child = state.withLock({ $0.child })
            else { return }
            let id = message["id"] ?? .null
            let name = message["name"]?.stringValue ?? ""
            let args = message["args"]?.objectValue ?? [:]
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
            if let w = state.withLock({ $0.waiting.removeValue(forKey: conversation) }) {
                w.continuation.resume(throwing: AgentFailure("the agent sent an unknown message type \"\(type)\""))
            }
        }
    }
}
