import Foundation
import Synchronization

/// Runs `operation`, giving up after `ms` milliseconds of real time. An agent that ignores
/// cancellation is abandoned rather than awaited, so a hung agent can never hang the run.
public func withTimeout<T: Sendable>(ms: Int, _ message: @escaping @Sendable () -> String,
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = Once()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = WorkSlot()
        work.set(Task {
            // The deadline counts from when the work starts, and is given up through the same
            // pool the work runs on: on a starved pool (starved by other work, not by this
            // call) a call is not timed out for time it never had.
            let ticket = Watchdog.shared.schedule(ms: ms) {
                Task {
                    if once.claim() {
                        work.cancel()
                        continuation.resume(throwing: TimeoutError(message: message()))
                    }
                }
            }
            do {
                let value = try await operation()
                if once.claim() { continuation.resume(returning: value) }
            } catch {
                if once.claim() { continuation.resume(throwing: error) }
            }
            Watchdog.shared.cancel(ticket)
        })
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Resumes a continuation once, whichever of the work and the timer finishes first.
private final class Once: Sendable {
    let done = Mutex(false)
    func claim() -> Bool { done.withLock { d in defer { d = true }; return !d } }
}

/// The work's task, cancelled when the deadline passes first (even before it is set).
private final class WorkSlot: Sendable {
    private let state = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))
    func set(_ t: Task<Void, Never>) {
        if state.withLock({ s in s.task = t; return s.cancelled }) { t.cancel() }
    }
    func cancel() {
        state.withLock { s in s.cancelled = true; return s.task }?.cancel()
    }
}
