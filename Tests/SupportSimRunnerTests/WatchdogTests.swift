import Foundation
@testable import SupportSimRunner
import Synchronization
import Testing

/// Turn deadlines: one watchdog thread for the process, whose memory follows the calls in flight.
struct WatchdogTests {
    @Test(.timeLimit(.minutes(1))) func anOperationThatNeverReturnsTimesOutWithItsMessage() async throws {
        await #expect(throws: TimeoutError.self) {
            try await withTimeout(ms: 50, { "the agent did not reply within 50 ms" }) {
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        let error = await #expect(throws: TimeoutError.self) {
            try await withTimeout(ms: 20, { "no reply within 20 ms" }) { () async throws -> Int in
                // Ignores cancellation (awaits on, without checking it) for a thousand naps of
                // 20 ms: abandoned all the same. It counts naps, not the clock: on a pool starved
                // by other tests, a clock-bound loop could wake past its end and race the timeout
                // it is meant to lose. It does not block a thread: an agent that does can hold up
                // its own verdict on a loaded pool, which gives up late calls.
                for _ in 0..<1_000 { await napIgnoringCancellation(ms: 20) }
                return 0
            }
        }
        #expect(error?.description == "no reply within 20 ms")
    }

    @Test func aTimeoutTooLongToCountIsNeverNotAnInstantPast() {
        #expect(Watchdog.deadline(after: 1_500, from: 10) == 1_500_000_010)
        #expect(Watchdog.deadline(after: Int.max, from: 10) == .max)
        #expect(Watchdog.deadline(after: 1_000, from: .max - 5) == .max)
        #expect(Watchdog.deadline(after: -3, from: 10) == 10)
    }

    @Test func deadlinesThatPassFireInOrderAndCancelledOnesNever() async throws {
        let fired = Mutex<[Int]>([])
        let dog = Watchdog()
        let cancelled = dog.schedule(ms: 10) { fired.withLock { $0.append(-1) } }
        for (i, ms) in [60, 20, 40].enumerated() { _ = dog.schedule(ms: ms) { fired.withLock { $0.append(i) } } }
        dog.cancel(cancelled)
        while dog.counts.pending > 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(fired.withLock { $0 } == [1, 2, 0])
    }

    @Test func callsThatFinishInTimeLeaveNothingBehind() async throws {
        let before = Watchdog.shared.counts.pending
        for i in 0..<500 {
            let v = try await withTimeout(ms: 600_000, { "late" }) { i * 2 }
            #expect(v == i * 2)
        }
        let after = Watchdog.shared.counts
        // Other tests' calls may be in flight; these 500 are all gone, and the heap is kept
        // to a small multiple of what is pending.
        #expect(after.pending <= before + 64)
        #expect(after.held <= max(64, 4 * after.pending) + 1)
    }
}

/// Sleeps without looking at cancellation, as an agent stuck in its own I/O would.
private func napIgnoringCancellation(ms: Int) async {
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) { done.resume() }
    }
}
