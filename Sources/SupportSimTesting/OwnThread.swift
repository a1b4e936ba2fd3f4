import Foundation

/// Runs blocking or long CPU-bound work on a thread of its own. Swift Testing runs suites in
/// parallel on the cooperative pool, which has one thread per core (two on CI): a test that
/// renders for seconds there starves the in-process servers and timers of every other test.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
