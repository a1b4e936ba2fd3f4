import Foundation
import SupportSimCore
import SupportSimRunner

/// A run that was carried out to the end: reports written and, unless it was not kept, the
/// history's record completed. Whether the gates passed is the caller's exit code to give.
public struct RunOutcome: Sendable {
    /// The finished run, its metrics and its single list of gate verdicts (drift ones included).
    public let record: RunRecord
    /// `<out>/<run-id>/`.
    public let reportFolder: URL
    /// The part of the run a shard played; its gates are the merged run's, so none was evaluated.
    public let shard: ShardSpec?
    /// The warnings given to the observer while the run went, in order.
    public let warnings: [String]

    /// metrics.md, "Exit codes": a shard passes (it decides nothing); a run passes when its gates do.
    public var passed: Bool { shard != nil || record.passed }
}
