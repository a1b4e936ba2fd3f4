import Synchronization

/// The run's warnings: passed to the observer as they happen (so they are printed where they
/// always were) and kept for the outcome.
final class WarningLog: Sendable {
    private let observer: any RunObserver
    private let kept = Mutex<[String]>([])

    init(observer: any RunObserver) { self.observer = observer }

    func add(_ text: String) {
        kept.withLock { $0.append(text) }
        observer.warning(text)
    }

    var all: [String] { kept.withLock { $0 } }
}
