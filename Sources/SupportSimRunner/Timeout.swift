import Foundation
import Synchronization

/// Runs `operation`, giving up after `ms` milliseconds of real time. An agent that ignores
/// cancellation is abandoned rather than awaited, so a hung agent can never hang the run.
public func withTimeout<T: Sendable>(ms: Int, _ message: @escaping @Sendable () -> String,
                              _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = Once()
    let timer = TimerSlot()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let work = Task {
            do {
                let value = try await operation()
                if once.claim() { continuation.resume(returning: value) }
            } catch {
                if once.claim() { continuation.resume(throwing: error) }
            }
            timer.cancel()
        }
        let t = Task {
            try? await Task.sleep(for: .milliseconds(ms))
            if !Task.isCancelled, once.claim() {
                work.cancel()
                continuation.resume(throwing: TimeoutError(message: message()))
            }
        }
        timer.set(t)
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

private final class TimerSlot: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let cancelled = Mutex(false)
    func set(_ t: Task<Void, Never>) {
        task.withLock { $0 = t }
        if cancelled.withLock({ $0 }) { t.cancel() }
    }
    func cancel() {
        cancelled.withLock { $0 = true }
        task.withLock { $0?.cancel() }
    }
}
