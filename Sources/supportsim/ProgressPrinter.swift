import Foundation
import Synchronization
import SupportSimCore
import SupportSimRunner
import SupportSimScoring

/// Progress on a terminal as one rewritten line (done/total, failures, ETA); plain lines in CI.
final class ProgressPrinter: Sendable {
    private let quiet: Bool
    private let verbose: Bool
    private let interactive = Console.isTerminal
    private let started = Date()
    private let lastDraw = Mutex<Date>(.distantPast)

    init(quiet: Bool, verbose: Bool) {
        self.quiet = quiet
        self.verbose = verbose
    }

    func update(_ p: RunProgress) {
        guard !quiet else { return }
        // In a pipe (CI), failures are printed once at the end, grouped by scenario (Summary);
        // one line per failed trial would bury the other scenarios under one flaky one.
        if let r = p.latest, verbose {
            let reason = r.failureReasons.first.map { " — \($0)" } ?? ""
            // Reasons quote the agent's text: what reaches the terminal is neutralised.
            line(SafeText.neutralized("\(r.status.rawValue.uppercased()) \(r.id)#\(r.trial)\(reason)"))
        }
        guard interactive else { return }
        let now = Date()
        let shouldDraw = lastDraw.withLock { last in
            guard now.timeIntervalSince(last) > 0.1 || p.done == p.total else { return false }
            last = now
            return true
        }
        guard shouldDraw else { return }
        let elapsed = now.timeIntervalSince(started)
        let eta = p.done > 0 ? elapsed / Double(p.done) * Double(p.total - p.done) : 0
        let text = "\r[\(p.done)/\(p.total)] failed \(p.failed), errors \(p.errors), ETA \(Int(eta.rounded()))s   "
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        if interactive && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func line(_ text: String) {
        let prefix = interactive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }
}
