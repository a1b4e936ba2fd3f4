import Foundation
import SupportSimCore
import SupportSimProcess

extension ConversationBackend {
    /// A call of an `exec` tool: faults and arguments checked under the lock, the handler run
    /// outside it (a process per call), its changes applied and the call audited under it again.
    /// A handler that cannot answer is the suite's failure, not the agent's: the conversation
    /// ends with that error (`handlerFailure`), and the agent sees the call fail.
    func callExec(_ tool: DeclaredTool, _ handler: ExecHandler, _ arguments: [String: JSONValue]) async -> ToolOutcome {
        enum Prepared { case done(ToolOutcome), run(ExecToolRequest, latency: Int) }
        let prepared: Prepared = state.withLock { s in
            var (latency, injected) = faultCheck(&s, tool.name, known: true)
            latency += latencyMs[tool.name] ?? 0
            s.context.now = start.addingTimeInterval(Double(s.clockMs) / 1000)
            let outcome: ToolOutcome
            if let injected {
                outcome = .failure(injected)
            } else {
                do throws(ToolError) {
                    let args = try DeclaredToolRunner.checked(tool, arguments)
                    var collections: [String: [Record]] = [:]
                    for name in handler.collections { collections[name] = s.context.world[name].records }
                    return .run(ExecToolRequest(tool: tool.name, arguments: args, collections: collections, now: s.context.now),
                                latency: latency)
                } catch {
                    outcome = .failure(error)
                }
            }
            audit(&s, tool.name, arguments, outcome, latency: latency, actor: nil)
            return .done(outcome)
        }
        guard case .run(let request, let latency) = prepared else {
            if case .done(let outcome) = prepared { return outcome }
            return .failure(ToolError(.unavailable, "unreachable"))
        }
        let answer = await ExecToolProtocol.call(command: handler.command, workingDirectory: handlerDirectory ?? URL(fileURLWithPath: "."),
                                                 request: request, allowedCollections: Set(handler.collections),
                                                 timeoutMs: handler.timeoutMs)
        return state.withLock { s in
            let outcome: ToolOutcome
            switch answer {
            case .success(let a) where keyless(a, s.context.world) != nil:
                // A record without its key would be added beside the one it meant to change.
                if s.handlerFailure == nil {
                    s.handlerFailure = "tool \(tool.name): its handler `\(handler.command.joined(separator: " "))` changed "
                        + (keyless(a, s.context.world) ?? "") 
                }
                outcome = .failure(ToolError(.unavailable, "\(tool.name) could not be answered: its handler failed"))
            case .success(let a):
                outcome = a.outcome
                if a.outcome.isSuccess {
                    for (name, records) in a.changes {
                        var table = s.context.world[name]
                        for r in records { table.upsert(r) }
                        s.context.world[name] = table
                    }
                    for (name, keys) in a.deleted {
                        var table = s.context.world[name]
                        for key in keys { table.remove(id: key) }
                        s.context.world[name] = table
                    }
                }
            case .failure(let failure):
                if s.handlerFailure == nil { s.handlerFailure = failure.description }
                outcome = .failure(ToolError(.unavailable, "\(tool.name) could not be answered: its handler failed"))
            }
            audit(&s, tool.name, arguments, outcome, latency: latency, actor: nil)
            return outcome
        }
    }

    /// "a record of payments without its key field id", or nil when every changed record has its key.
    func keyless(_ answer: ExecToolAnswer, _ world: World) -> String? {
        for (name, records) in answer.changes.sorted(by: { $0.key < $1.key }) {
            let key = world[name].keyField
            if records.contains(where: { $0[key]?.stringValue == nil }) { return "a record of \(name) without its key field \(key)" }
        }
        return nil
    }

    /// The first exec handler failure of the conversation, which makes it an error.
    public var handlerFailure: String? { state.withLock { $0.handlerFailure } }
}
