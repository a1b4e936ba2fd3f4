import Foundation

/// One customer message handed to the agent under test (agent-protocol.md, "The turn").
public struct TurnInput: Sendable, Hashable {
    public var conversation: String
    public var scenario: String
    public var turn: Int
    public var channel: Channel
    public var customerID: String?
    public var message: String
    public var now: Date

    public init(conversation: String, scenario: String, turn: Int, channel: Channel, customerID: String?,
                message: String, now: Date)
    {
        self.conversation = conversation
        self.scenario = scenario
        self.turn = turn
        self.channel = channel
        self.customerID = customerID
        self.message = message
        self.now = now
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "type": "turn", "conversation": .string(conversation), "scenario": .string(scenario),
            "turn": .number(Decimal(turn)), "channel": .string(channel.rawValue), "message": .string(message),
            "now": .string(ISODate.formatDateTime(now)),
        ]
        if let customerID { o["customer_id"] = .string(customerID) }
        return .object(o)
    }
}

/// The context of a hand-off to a human.
public struct Handoff: Sendable, Hashable {
    public var reason: String
    public var priority: String
    public var summary: String
    public var intent: String?
    public var customerID: String?
    public var actionsTaken: [String]
    public var nextStep: String?

    public init(reason: String, priority: String, summary: String, intent: String? = nil, customerID: String? = nil,
                actionsTaken: [String] = [], nextStep: String? = nil)
    {
        self.reason = reason
        self.priority = priority
        self.summary = summary
        self.intent = intent
        self.customerID = customerID
        self.actionsTaken = actionsTaken
        self.nextStep = nextStep
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "reason": .string(reason), "priority": .string(priority), "summary": .string(summary),
            "actions_taken": .array(actionsTaken.map { .string($0) }),
        ]
        if let intent { o["intent"] = .string(intent) }
        if let customerID { o["customer_id"] = .string(customerID) }
        if let nextStep { o["next_step"] = .string(nextStep) }
        return .object(o)
    }

    public init(json: JSONValue) {
        self.init(reason: json["reason"]?.stringValue ?? "", priority: json["priority"]?.stringValue ?? "",
                  summary: json["summary"]?.stringValue ?? "", intent: json["intent"]?.stringValue,
                  customerID: json["customer_id"]?.stringValue,
                  actionsTaken: json["actions_taken"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  nextStep: json["next_step"]?.stringValue)
    }
}

public struct TokenUsage: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// One decision of a multi-agent system, kept for the transcript: which agent decided what and why.
public struct TraceStep: Sendable, Hashable {
    public var agent: String
    public var decision: String
    public init(agent: String, decision: String) {
        self.agent = agent
        self.decision = decision
    }
}

/// What the agent answers to a turn.
public struct AgentReply: Sendable, Hashable {
    public var text: String
    public var intent: String?
    public var confidence: Decimal?
    public var escalate: Handoff?
    public var citations: [String]
    public var usage: TokenUsage?
    public var trace: [TraceStep]
    /// The time the agent says it spent on this reply (its model calls, as measured, or as
    /// recorded when a cassette replays them); when set it is charged to the virtual clock in
    /// place of the wall-clock time, so a replayed run's clock is the recorded one.
    public var elapsedMs: Int? = nil

    public init(text: String, intent: String? = nil, confidence: Decimal? = nil, escalate: Handoff? = nil,
                citations: [String] = [], usage: TokenUsage? = nil, trace: [TraceStep] = [], elapsedMs: Int? = nil)
    {
        self.elapsedMs = elapsedMs
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.escalate = escalate
        self.citations = citations
        self.usage = usage
        self.trace = trace
    }
}

/// The result of one backend call: a result object, or `{error: {code, message}}` (tools.md).
public enum ToolOutcome: Sendable, Hashable {
    case success(JSONValue)
    case failure(ToolError)

    public var json: JSONValue {
        switch self {
        case .success(let v): return v
        case .failure(let e): return ["error": ["code": .string(e.code.rawValue), "message": .string(e.message)]]
        }
    }

    public var result: JSONValue? {
        if case .success(let v) = self { return v }
        return nil
    }

    public var isSuccess: Bool { result != nil }
}

public struct ToolError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case notFound = "not_found"
        case invalidArgument = "invalid_argument"
        case conflict
        case unavailable
        case timeout
        case unknownOperation = "unknown_operation"
        case forbidden
    }

    public var code: Code
    public var message: String
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The mock backends as one agent conversation sees them.
public protocol ToolGateway: Sendable {
    func call(_ operation: String, _ arguments: [String: JSONValue]) async -> ToolOutcome
}

/// An agent under test. The harness calls `respond` once per customer message, never twice at
/// once for the same conversation; different conversations may be in flight concurrently.
public protocol SupportAgent: Sendable {
    /// Prepares for a run (start a child process, open a connection). Throwing here means the
    /// agent could not start: the run ends with exit code 3.
    func start() async throws
    func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply
    func endConversation(_ conversation: String) async
    func stop() async
    /// Whether the wall-clock time spent in `respond` is charged to the virtual clock. External
    /// agents measure real time; deterministic in-process agents do not, so their results are
    /// byte-for-byte repeatable.
    var chargesWallTime: Bool { get }
}

extension SupportAgent {
    public func start() async throws {}
    public func endConversation(_ conversation: String) async {}
    public func stop() async {}
    public var chargesWallTime: Bool { false }
}

/// An error of an agent that ends its conversation with status `error`.
public struct AgentFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
