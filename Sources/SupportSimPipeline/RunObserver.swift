import SupportSimRunner

/// What a run tells its front end while it goes: the pipeline decides, the observer prints.
/// Each event comes at the moment the command line has always printed it, so that standard
/// output and standard error keep their order. Every method has a silent default.
public protocol RunObserver: Sendable {
    /// Something the run goes on despite (no baseline, a budget stop): `warning: ` is not included.
    func warning(_ text: String)
    /// A resumed run took over `alreadyPlayed` conversations from `previousRunID`.
    func resuming(_ previousRunID: String, as runID: String, alreadyPlayed: Int)
    /// Shards were joined into run `runID` of `conversations` conversations, before it is finished.
    func merged(shards: Int, suite: String, conversations: Int, as runID: String)
    func progress(_ progress: RunProgress)
    /// Every conversation has been played (the progress line can be ended).
    func playFinished()
}

extension RunObserver {
    public func warning(_ text: String) {}
    public func resuming(_ previousRunID: String, as runID: String, alreadyPlayed: Int) {}
    public func merged(shards: Int, suite: String, conversations: Int, as runID: String) {}
    public func progress(_ progress: RunProgress) {}
    public func playFinished() {}
}

/// An observer that says nothing, for tests and for callers that only want the outcome.
public struct SilentRunObserver: RunObserver {
    public init() {}
}
