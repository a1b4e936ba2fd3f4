import Foundation

/// Everything stored for one run, as rows: what `history copy` reads from one history and
/// inserts into another. The row ids are the source's; the target assigns its own.
public struct StoredRunContents: Sendable, Hashable {
    public struct Conversation: Sendable, Hashable {
        public var conversation: StoredConversation
        public var checks: [StoredCheck]
        public var findings: [StoredFinding]

        public init(conversation: StoredConversation, checks: [StoredCheck], findings: [StoredFinding]) {
            self.conversation = conversation
            self.checks = checks
            self.findings = findings
        }
    }

    public var run: StoredRun
    /// In the order they were stored.
    public var conversations: [Conversation]
    public var metrics: [StoredMetric]

    public init(run: StoredRun, conversations: [Conversation], metrics: [StoredMetric]) {
        self.run = run
        self.conversations = conversations
        self.metrics = metrics
    }

    /// The run as first stored: `running`, without its outcome, so that its conversations may be
    /// inserted under the append-only rules before `final` is written over it.
    public var begun: StoredRun {
        var r = run
        r.status = .running
        r.finishedAt = nil
        r.passRate = nil
        r.passed = nil
        r.gates = nil
        r.metrics = nil
        return r
    }
}
