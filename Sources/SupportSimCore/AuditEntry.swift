import Foundation

/// One backend call as it happened: the truth that scoring uses (tools.md).
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int
    /// Virtual milliseconds since the conversation started.
    public var atMs: Int
    public var operation: String
    public var arguments: [String: JSONValue]
    public var outcome: ToolOutcome
    public var latencyMs: Int
    /// The specialised agent or actor that made the call, when the agent says so.
    public var actor: String?

    public init(seq: Int, atMs: Int, operation: String, arguments: [String: JSONValue], outcome: ToolOutcome,
                latencyMs: Int, actor: String? = nil)
    {
        self.seq = seq
        self.atMs = atMs
        self.operation = operation
        self.arguments = arguments
        self.outcome = outcome
        self.latencyMs = latencyMs
        self.actor = actor
    }

    public var succeeded: Bool { outcome.isSuccess }

    public func json(start: Date) -> JSONValue {
        var o: [String: JSONValue] = [
            "seq": .number(Decimal(seq)), "at": .string(ISODate.formatDateTime(start.addingTimeInterval(Double(atMs) / 1000))),
            "at_ms": .number(Decimal(atMs)), "operation": .string(operation), "args": .object(arguments),
            "latency_ms": .number(Decimal(latencyMs)), "ok": .bool(succeeded),
        ]
        switch outcome {
        case .success(let r): o["result"] = r
        case .failure(let e): o["error"] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        }
        if let actor { o["actor"] = .string(actor) }
        return .object(o)
    }
}
