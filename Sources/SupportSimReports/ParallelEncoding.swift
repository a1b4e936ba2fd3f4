import Foundation
import Synchronization
import SupportSimScoring

/// Encodes conversations on every core and hands back their bytes in order: results.json and
/// report.html of a large run are a conversation after another, each encoded on its own, so
/// their bytes do not depend on how the work was split.
enum ParallelEncoding {
    /// Each result's bytes as `encode` writes them, in the slice's order.
    /// A spooled piece that cannot be read back stops the writer with the first such error.
    private static func encode(_ results: ArraySlice<ScenarioResult>,
                       _ encode: @Sendable (ScenarioResult, inout [UInt8]) throws(ReportSpool.Failure) -> Void)
        throws(ReportSpool.Failure) -> [[UInt8]] {
        // A few slices per core, so that one slow slice does not leave the other cores idle;
        // none for a handful of conversations.
        let slices = max(1, min(results.count / 32, ProcessInfo.processInfo.activeProcessorCount * 2))
        let parts = Mutex([[[UInt8]]](repeating: [], count: slices))
        let failure = Mutex<ReportSpool.Failure?>(nil)
        let start = results.startIndex, size = (results.count + slices - 1) / slices
        DispatchQueue.concurrentPerform(iterations: slices) { i in
            let lower = start + i * size, upper = min(results.endIndex, lower + size)
            guard lower < upper else { return }
            var encoded: [[UInt8]] = []
            encoded.reserveCapacity(upper - lower)
            for r in results[lower..<upper] {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(8192)
                do throws(ReportSpool.Failure) {
                    try encode(r, &bytes)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    return
                }
                encoded.append(bytes)
            }
            parts.withLock { $0[i] = encoded }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// Conversations per batch: a few megabytes of encoded JSON held at once.
    static let batch = 512

    /// `results` a batch at a time: each batch encoded in parallel, then handed to `body` in
    /// order, so a writer holds one batch's bytes, never the whole file's.
    static func forEachBatch(_ results: [ScenarioResult],
                             _ encode: @Sendable (ScenarioResult, inout [UInt8]) throws(ReportSpool.Failure) -> Void,
                             _ body: ([[UInt8]]) throws -> Void) throws {
        for lower in stride(from: 0, to: results.count, by: batch) {
            try body(Self.encode(results[lower..<min(results.count, lower + batch)], encode))
        }
    }
}
