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

    private struct State {
        var context: OperationContext
        var audit: [AuditEntry] = []
        var clockMs = 0
        /// Matching calls seen so far, per fault.
        var faultCalls: [Int] = []
    }

    public let start: Date
    private let faults: [Fault]
    private let latencyMs: [String: Int]
    private let state: Mutex<State>

    public init(world: World, faults: [Fault] = [], latencyMs: [String: Int] = [:], start: Date) {
        self.start = start
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
        perform(operation, arguments)
    }

    /// Runs one operation: faults first, then argument checks, then the operation itself, which
    /// changes nothing when it fails. Every call, failed or not, goes to the audit log.
    @discardableResult
    public func perform(_ operation: String, _ arguments: [String: JSONValue], actor: String? = nil) -> ToolOutcome {
        state.withLock { s in
            let spec = OperationCatalogue.spec(operation)
            var latency = spec.map { latencyMs[$0.system] ?? 0 } ?? 0
            var injected: ToolError?
            if spec != nil {
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
            }
            s.context.now = start.addingTimeInterval(Double(s.clockMs) / 1000)
            let outcome: ToolOutcome
            if let spec {
                if let injected {
                    outcome = .failure(injected)
                } else {
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
                }
            } else {
                outcome = .failure(ToolError(.unknownOperation, "unknown operation \"\(operation)\""))
            }
            s.audit.append(AuditEntry(seq: s.audit.count + 1, atMs: s.clockMs, operation: operation,
                                      arguments: arguments, outcome: outcome, latencyMs: latency, actor: actor))
            s.clockMs += latency
            return outcome
        }
    }
}
