import Dispatch
import Foundation
import HeapModule

/// Every deadline of the process, watched by one thread. A call that finishes in time (nearly
/// every agent turn) costs a heap insert and a dictionary removal; a sleeping task and a
/// dispatch timer per turn cost a task, a timer registration and two thread wake-ups, which
/// perf showed as a tenth of a reference-agent run.
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()

    /// A scheduled deadline; cancelling it after it fired does nothing.
    struct Ticket: Sendable, Hashable { fileprivate let id: UInt64 }

    private struct Deadline: Comparable {
        var at: UInt64
        var id: UInt64
        static func < (a: Deadline, b: Deadline) -> Bool { (a.at, a.id) < (b.at, b.id) }
    }

    // Everything below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var deadlines = Heap<Deadline>()
    /// What fires for each pending deadline; a cancelled one is gone from here, and its heap
    /// entry is dropped when it reaches the top (or when they outnumber the pending ones).
    private var pending: [UInt64: @Sendable () -> Void] = [:]
    private var nextID: UInt64 = 0
    private var started = false

    /// Calls `fire` on the watchdog's thread once `ms` milliseconds have passed, unless
    /// cancelled first. `fire` must be quick: it holds up every later deadline.
    func schedule(ms: Int, _ fire: @escaping @Sendable () -> Void) -> Ticket {
        let at = Self.deadline(after: ms, from: DispatchTime.now().uptimeNanoseconds)
        condition.lock()
        defer { condition.unlock() }
        nextID &+= 1
        let d = Deadline(at: at, id: nextID)
        pending[d.id] = fire
        deadlines.insert(d)
        if !started {
            started = true
            let thread = Thread { [self] in watch() }
            thread.name = "supportsim-watchdog"
            thread.start()
        } else if deadlines.min == d {
            condition.signal()
        }
        return Ticket(id: d.id)
    }

    /// `now` plus `ms` milliseconds in nanoseconds; a timeout too long to count (a config's
    /// `turn_timeout_ms` of years) is never, not a wrapped-around instant in the past.
    static func deadline(after ms: Int, from now: UInt64) -> UInt64 {
        let (ns, overflow) = UInt64(max(0, ms)).multipliedReportingOverflow(by: 1_000_000)
        let (at, late) = now.addingReportingOverflow(ns)
        return overflow || late ? .max : at
    }

    func cancel(_ ticket: Ticket) {
        condition.lock()
        defer { condition.unlock() }
        guard pending.removeValue(forKey: ticket.id) != nil else { return }
        // Deadlines are mostly cancelled long before they are due: keep the heap to a small
        // multiple of what is pending, so memory follows the calls in flight, not the turn rate.
        if deadlines.count > 64, deadlines.count > 4 * pending.count {
            deadlines = Heap(deadlines.unordered.filter { pending[$0.id] != nil })
        }
    }

    /// Deadlines not yet fired nor cancelled, and entries the heap still holds (for tests).
    var counts: (pending: Int, held: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (pending.count, deadlines.count)
    }

    private func watch() {
        condition.lock()
        while true {
            while let top = deadlines.min, pending[top.id] == nil { deadlines.removeMin() }
            guard let top = deadlines.min else {
                condition.wait()
                continue
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if top.at <= now {
                deadlines.removeMin()
                if let fire = pending.removeValue(forKey: top.id) {
                    condition.unlock()
                    fire()
                    condition.lock()
                }
            } else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(top.at - now) / 1e9))
            }
        }
    }
}
