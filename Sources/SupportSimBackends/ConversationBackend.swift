import Foundation
import Synchronization
import SupportSimCore

/// The mock backends as one conversation sees them: its own copy of the world, its faults, its
/// audit log and its virtual clock. Nothing here sleeps: latency advances the virtual clock.
public final class ConversationBackend: AuditedGateway, Sendable {
    public struct Snapshot: Sendable {
        public var world: World
        public var audit: [AuditEntry]
        public var clockMs: Int
        public var handoff: Handoff?
    }

    struct State {
        var context: OperationContext
        var audit: [AuditEntry] = []
        var clockMs = 0
        /// Matching calls seen so far, per fault.
        var faultCalls: [Int] = []
        /// The first exec handler that could not answer.
        var handlerFailure: String?
    }

    public let start: Date
    private let faults: [Fault]
    /// The suite's declared tools by name (tools/), answered beside the built-in operations.
    let declared: [String: DeclaredTool]
    /// Where exec handlers run (the suite folder).
    let handlerDirectory: URL?
    let latencyMs: [String: Int]
    let state: Mutex<State>

    public init(world: World, faults: [Fault] = [], latencyMs: [String: Int] = [:], start: Date,
                declared: [String: DeclaredTool] = [:], handlerDirectory: URL? = nil) {
        self.start = start
        self.declared = declared
        self.handlerDirectory = handlerDirectory
        self.faults = faults
        self.latencyMs = latencyMs
        var s = State(context: OperationContext(world: world, now: start, handoff: nil))
        s.faultCalls = Array(repeating: 0, count: faults.count)
        self.state = Mutex(s)
    }

    /// Virtual milliseconds since the conversation started.
    public var clockMs: Int { state.withLock { $0.clockMs } }

    public func advance(ms: Int) {
        guard ms > 0 else { return }
        state.withLock { $0.clockMs += ms }
    }

    public func snapshot() -> Snapshot {
        state.withLock { Snapshot(world: $0.context.world, audit: $0.audit, clockMs: $0.clockMs, handoff: $0.context.handoff) }
    }

    public var handoff: Handoff? { state.withLock { $0.context.handoff } }

    public var auditLog: [AuditEntry] { state.withLock { $0.audit } }
    public var auditStart: Date { start }

    /// Calls made so far; the next call gets `auditCount + 1` as its sequence number.
    public var auditCount: Int { state.withLock { $0.audit.count } }

    public func call(_ operation: String, _ arguments: [String: JSONValue]) async -> ToolOutcome {
        if let tool = declared[operation], case .exec(let handler) = tool.implementation {
            return await callExec(tool, handler, arguments)
        }
        return perform(operation, arguments)
    }

    /// Runs one operation or declared tool: faults first, then argument checks, then the call
    /// itself, which changes nothing when it fails. Every call, failed or not, is audited.
    @discardableResult
    public func perform(_ operation: String, _ arguments: [String: JSONValue], actor: String? = nil) -> ToolOutcome {
        state.withLock { s in
            let spec = OperationCatalogue.spec(operation)
            let tool = declared[operation]
            var (latency, injected) = faultCheck(&s, operation, known: spec != nil || tool != nil)
            latency += spec.map { latencyMs[$0.system] ?? 0 } ?? tool.map { latencyMs[$0.name] ?? 0 } ?? 0
            s.context.now = start.addingTimeInterval(Double(s.clockMs) / 1000)
            let outcome: ToolOutcome
            if let injected {
                outcome = .failure(injected)
            } else if let tool {
                var ctx = s.context
                do throws(ToolError) {
                    let result = try DeclaredToolRunner.run(tool, arguments, &ctx)
                    s.context = ctx
                    outcome = .success(result)
                } catch {
                    outcome = .failure(error)
                }
            } else if let spec {
                do {
                    let args = try Arguments.check(spec, arguments)
                    guard let handler = Operations.handlers[operation] else {
                        throw ToolError(.unknownOperation, "\(operation) is not implemented")
                    }
                    var ctx = s.context
                    let result = try handler(args, &ctx)
                    s.context = ctx
                    outcome = .success(result)
                } catch let error as ToolError {
                    outcome = .failure(error)
                } catch {
                    outcome = .failure(ToolError(.invalidArgument, "\(error)"))
                }
            } else {
                outcome = .failure(ToolError(.unknownOperation, "unknown operation \"\(operation)\""))
            }
            audit(&s, operation, arguments, outcome, latency: latency, actor: actor)
            return outcome
        }
    }

    func audit(_ s: inout State, _ operation: String, _ arguments: [String: JSONValue], _ outcome: ToolOutcome,
               latency: Int, actor: String?) {
        s.audit.append(AuditEntry(seq: s.audit.count + 1, atMs: s.clockMs, operation: operation,
                                  arguments: arguments, outcome: outcome, latencyMs: latency, actor: actor))
        s.clockMs += latency
    }

    /// The latency the scenario's active faults add to this call, and the error the first of
    /// them injects. Counted as tools.md says: `after` matching calls pass, then `times` fail.
    func faultCheck(_ s: inout State, _ operation: String, known: Bool) -> (Int, ToolError?) {
        guard known else { return (0, nil) }
        var latency = 0
        var injected: ToolError?
        for (i, fault) in faults.enumerated() where Glob.matches(fault.operation, operation) {
            s.faultCalls[i] += 1
            let n = s.faultCalls[i]
            let skip = fault.after ?? 0
            let active = n > skip && (fault.times.map { n <= skip + $0 } ?? true)
            guard active else { continue }
            if let extra = fault.latencyMs { latency += extra }
            if injected == nil, let code = fault.error {
                let c = ToolError.Code(rawValue: code) ?? .unavailable
                injected = ToolError(c, c == .timeout
                    ? "\(operation) timed out (injected fault)"
                    : "\(operation) is unavailable (injected fault: \(code))")
            }
        }
        return (latency, injected)
    }
}
