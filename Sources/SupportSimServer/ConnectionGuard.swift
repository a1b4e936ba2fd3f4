import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The open connections of one server, so that past the cap the longest-idle one can be closed
/// (an attacker's idle connections go before a client that is sending requests). Idle means
/// waiting for a request head; a connection mid-request or mid-response is never evicted.
final class ConnectionTable: Sendable {
    private struct State: ~Copyable {
        var open: [ObjectIdentifier: (channel: any Channel, idleSince: UInt64?)] = [:]
        /// Idle connections in the order they became idle; stale entries are skipped lazily.
        var idleQueue: [(seq: UInt64, id: ObjectIdentifier)] = []
        var queueStart = 0
        var seq: UInt64 = 0
    }
    let cap: Int
    let log: LimitLog
    private let state = Mutex<State>(State())

    init(cap: Int, log: LimitLog) {
        self.cap = max(1, cap)
        self.log = log
    }

    var count: Int { state.withLock { $0.open.count } }

    /// Registers a new (idle) connection; returns the connection to close to stay under the cap
    /// (the longest-idle one, or the new one when every other connection is busy).
    func opened(_ channel: any Channel) -> (any Channel)? {
        let id = ObjectIdentifier(channel)
        let victim: (any Channel)? = state.withLock { s in
            var victim: (any Channel)?
            if s.open.count >= cap {
                while s.queueStart < s.idleQueue.count {
                    let (seq, candidate) = s.idleQueue[s.queueStart]
                    s.queueStart += 1
                    if let entry = s.open[candidate], entry.idleSince == seq {
                        s.open.removeValue(forKey: candidate)
                        victim = entry.channel
                        break
                    }
                }
                if victim == nil { return channel }
                Self.compact(&s)
            }
            s.seq += 1
            s.open[id] = (channel, s.seq)
            s.idleQueue.append((s.seq, id))
            return victim
        }
        if let victim {
            log.hit("connections", victim === channel
                ? "connection limit (\(cap)) reached and every connection is busy: refused a new connection"
                : "connection limit (\(cap)) reached: closed the longest-idle connection to accept a new one")
        }
        return victim
    }

    func busy(_ channel: any Channel) {
        state.withLock { s in s.open[ObjectIdentifier(channel)]?.idleSince = nil }
    }

    func idle(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { s in
            guard s.open[id] != nil else { return }
            s.seq += 1
            s.open[id]!.idleSince = s.seq
            s.idleQueue.append((s.seq, id))
            Self.compact(&s)
        }
    }

    func closed(_ channel: any Channel) {
        _ = state.withLock { s in s.open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Drops the consumed front of the queue once it is most of it, and stale entries when the
    /// queue grows well past the number of open connections.
    private static func compact(_ s: inout State) {
        if s.queueStart > 1024, s.queueStart * 2 > s.idleQueue.count {
            s.idleQueue.removeFirst(s.queueStart)
            s.queueStart = 0
        }
        if s.idleQueue.count > 4 * s.open.count + 1024 {
            let open = s.open
            s.idleQueue = s.idleQueue[s.queueStart...].filter { open[$0.id]?.idleSince == $0.seq }
            s.queueStart = 0
        }
    }
}

/// Per connection, between the HTTP codec and Hummingbird's handler: closes a connection that
/// sends no complete request head within `headerTimeout` of opening, that stalls more than
/// `idleTimeout` between parts of a request body, or that sits idle between requests for
/// `idleTimeout`; and keeps the connection table up to date. No timer runs while a response is
/// being produced (MCP answers may stream).
///
/// Timers are never cancelled: NIO finds a cancelled task by a linear search of its event loop's
/// scheduled tasks, and with thousands of idle connections (each with a timer) that search,
/// twice per request, cost more than the request. Instead a connection keeps its current
/// deadline; a timer that fires early (the deadline moved on, or was cleared) schedules the
/// next one if needed, and does nothing else. The timers hold the handler weakly, so a closed
/// connection is not kept alive by them.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ServeLimits
    let table: ConnectionTable
    private var started = false
    private var inFlight = 0
    /// When the connection is closed unless something happens first, and why; nil while a
    /// request is being answered.
    private var deadline: (at: NIODeadline, reason: String, kind: String)?
    /// When the timers already scheduled will fire (one, occasionally two).
    private var timers: [NIODeadline] = []
    private var channel: (any Channel)?

    init(limits: ServeLimits, table: ConnectionTable) {
        self.limits = limits
        self.table = table
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        channel = context.channel
        if let victim = table.opened(context.channel) { victim.close(promise: nil) }
        arm(context, limits.headerTimeout, "no complete request head within \(limits.headerTimeout) (header timeout)", kind: "header-timeout")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inFlight += 1
            table.busy(context.channel)
            arm(context, limits.idleTimeout, "request body stalled for \(limits.idleTimeout) (idle timeout)", kind: "body-timeout")
        case .body:
            arm(context, limits.idleTimeout, "request body stalled for \(limits.idleTimeout) (idle timeout)", kind: "body-timeout")
        case .end:
            cancelTimer()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight = max(0, inFlight - 1)
            if inFlight == 0 {
                table.idle(context.channel)
                arm(context, limits.idleTimeout, "idle for \(limits.idleTimeout) between requests (idle timeout)", kind: "idle-timeout")
            }
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        channel = nil
        table.closed(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        channel = nil
        table.closed(context.channel)
    }

    private func arm(_ context: ChannelHandlerContext, _ after: Duration, _ reason: String, kind: String) {
        let at = NIODeadline.now() + TimeAmount(after)
        deadline = (at, reason, kind)
        schedule(context.eventLoop, at: at)
    }

    /// Makes sure a timer fires by `at`.
    private func schedule(_ loop: any EventLoop, at: NIODeadline) {
        guard !timers.contains(where: { $0 <= at }) else { return }
        timers.append(at)
        loop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: at) { [weak self] in
            self?.fired(at, loop)
        }
    }

    private func fired(_ at: NIODeadline, _ loop: any EventLoop) {
        if let i = timers.firstIndex(of: at) { timers.remove(at: i) }
        guard let deadline, let channel else { return }
        if deadline.at <= .now() {
            self.deadline = nil
            table.log.hit(deadline.kind, "closed a connection: \(deadline.reason)")
            channel.close(promise: nil)
        } else {
            schedule(loop, at: deadline.at)
        }
    }

    private func cancelTimer() {
        deadline = nil
    }
}
