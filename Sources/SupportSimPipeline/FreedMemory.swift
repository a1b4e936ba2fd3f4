import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gives memory the process has freed back to the system. Each conversation allocates and
/// frees its own working set on whichever thread ran it; glibc keeps those freed pages in its
/// per-thread arenas, so after playing a large run its resident size holds the play's peak
/// while the reports, which need memory of their own, are still to be written.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    /// `malloc_trim(0)` where the C library has it (glibc); nothing elsewhere. Looked up at run
    /// time: the Glibc module does not export malloc.h.
    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func returnToSystem() { _ = trim?(0) }
}
