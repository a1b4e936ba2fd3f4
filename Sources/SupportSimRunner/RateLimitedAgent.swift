import Foundation
import SupportSimCore

/// An agent whose turns start at most `perSecond` times a second across all conversations
/// (`agent: {max_rps}`), for a model endpoint with a rate limit. The wait before a turn is
/// the harness's, not the agent's: it is never charged to the virtual clock, so a limited run
/// scores as an unlimited one.
public struct RateLimitedAgent: SupportAgent {
    let inner: any SupportAgent
    let pacer: Pacer

    public init(_ inner: any SupportAgent, perSecond: Decimal) {
        self.inner = inner
        let interval = 1 / max(NSDecimalNumber(decimal: perSecond).doubleValue, 0.001)
        pacer = Pacer(interval: .nanoseconds(Int64(interval * 1_000_000_000)))
    }

    public func start() async throws { try await inner.start() }
    public func stop() async { await inner.stop() }
    public func endConversation(_ conversation: String) async { await inner.endConversation(conversation) }
    /// The inner agent's time is measured here, after the wait, and handed on as its own.
    public var chargesWallTime: Bool { false }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        try await pacer.wait()
        let began = ContinuousClock.now
        var reply = try await inner.respond(to: turn, tools: tools)
        if reply.elapsedMs == nil, inner.chargesWallTime {
            let elapsed = ContinuousClock.now - began
            reply.elapsedMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        return reply
    }

    /// Hands out start times `interval` apart; a caller sleeps until its own.
    actor Pacer {
        let interval: Duration
        private var next = ContinuousClock.now

        init(interval: Duration) { self.interval = interval }

        func wait() async throws {
            let now = ContinuousClock.now
            let slot = max(next, now)
            next = slot + interval
            if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
        }
    }
}
