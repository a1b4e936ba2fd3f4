import Foundation

public enum Channel: String, Sendable, Hashable, CaseIterable { case chat, email, whatsapp, sms, voice }

public enum Resolution: String, Sendable, Hashable, CaseIterable { case resolved, escalated, unresolved }

/// A scripted customer conversation (scenarios.md).
public struct Scenario: Sendable, Hashable {
    public var id: String
    /// The file it came from, relative to the suite folder.
    public var file: String
    public var title: String
    public var tags: [String]
    public var customer: String?
    public var channel: Channel
    /// Records added to, or replacing (same id), the shared world for this scenario only.
    public var world: [String: [Record]]
    /// Facts the simulated customer can answer, by fact name (`last4`, `order_id`, ...).
    public var knows: [String: String]
    public var faults: [Fault]
    public var turns: [ScenarioTurn]
    public var expect: ConversationExpectation
    public var waive: [String]
    /// Set in a tau suite: the task this scenario plays.
    public var tau: TauScenarioRef? = nil
    /// What a model-driven customer wants (`goal:`); with it, a model writes the customer's
    /// messages after the scripted ones (docs/model-driven.md).
    public var goal: String? = nil
    public var persona: String? = nil
    /// The most customer messages, scripted and simulated, before the conversation is cut off.
    public var maxTurns: Int? = nil
    /// The model that plays this scenario's customer: the scenario's `customer_model:` over the
    /// suite's, resolved when the suite loads.
    public var customerModel: ModelEndpoint? = nil

    public init(id: String, file: String = "", title: String = "", tags: [String] = [], customer: String? = nil,
                channel: Channel = .chat, world: [String: [Record]] = [:], knows: [String: String] = [:],
                faults: [Fault] = [], turns: [ScenarioTurn], expect: ConversationExpectation = .init(),
                waive: [String] = [], tau: TauScenarioRef? = nil)
    {
        self.id = id
        self.file = file
        self.title = title
        self.tags = tags
        self.customer = customer
        self.channel = channel
        self.world = world
        self.knows = knows
        self.faults = faults
        self.turns = turns
        self.expect = expect
        self.waive = waive
        self.tau = tau
    }

    /// The intent this scenario is reported under: its first expected intent, else its first tag.
    public var primaryIntent: String {
        turns.lazy.compactMap(\.expect.intent).first ?? tags.first ?? "untagged"
    }
}

public struct ScenarioTurn: Sendable, Hashable {
    public var customer: String
    public var expect: TurnExpectation
    public init(customer: String, expect: TurnExpectation = .init()) {
        self.customer = customer
        self.expect = expect
    }
}

/// Checks shared by a turn's `expect:` and the conversation's `expect:`.
public struct TextExpectation: Sendable, Hashable {
    public var mentions: [String] = []
    public var notMentions: [String] = []
    public var matches: [String] = []
    public var notMatches: [String] = []
    public init(mentions: [String] = [], notMentions: [String] = [], matches: [String] = [], notMatches: [String] = []) {
        self.mentions = mentions
        self.notMentions = notMentions
        self.matches = matches
        self.notMatches = notMatches
    }
}

public struct TurnExpectation: Sendable, Hashable {
    public var intent: String?
    public var text = TextExpectation()
    public var actions: [ActionExpectation] = []
    public var forbiddenActions: [String] = []
    public var escalates: Bool?
    public var asksFor: [String] = []
    public var judge: JudgeExpectation?
    public init(intent: String? = nil, text: TextExpectation = .init(), actions: [ActionExpectation] = [],
                forbiddenActions: [String] = [], escalates: Bool? = nil, asksFor: [String] = [])
    {
        self.intent = intent
        self.text = text
        self.actions = actions
        self.forbiddenActions = forbiddenActions
        self.escalates = escalates
        self.asksFor = asksFor
    }
}

public struct ConversationExpectation: Sendable, Hashable {
    public var resolution: Resolution?
    public var escalationReason: String?
    public var escalationPriority: String?
    public var actions: [ActionExpectation] = []
    public var ordered = false
    public var forbiddenActions: [String] = []
    public var text = TextExpectation()
    public var state: [String: StateExpectation] = [:]
    public var sla: SLA?
    public var groundedFacts: [String] = []
    public var judge: JudgeExpectation?
    public init() {}
}

/// `{call: billing.refund, args: {...}, times: N}`.
public struct ActionExpectation: Sendable, Hashable {
    public var call: String
    public var args: [String: ArgumentMatcher]
    /// Fields the call's result must hold (`result: {verified: true}`), matched as `args` are.
    public var result: [String: ArgumentMatcher]
    public var times: Int?
    public init(call: String, args: [String: ArgumentMatcher] = [:], result: [String: ArgumentMatcher] = [:],
                times: Int? = nil) {
        self.call = call
        self.args = args
        self.result = result
        self.times = times
    }
}

public enum ArgumentMatcher: Sendable, Hashable {
    case equals(JSONValue)
    case glob(String)
    case regex(String)
}

public enum StateExpectation: Sendable, Hashable {
    /// Partial records that must each match some record.
    case contains([Record])
    /// The number of records that belong to the scenario's customer.
    case count(Int)
}

/// `{operation, error?, times?, after?, latency_ms?}` (tools.md).
public struct Fault: Sendable, Hashable {
    public var operation: String
    public var error: String?
    public var times: Int?
    public var after: Int?
    public var latencyMs: Int?
    public init(operation: String, error: String? = nil, times: Int? = nil, after: Int? = nil, latencyMs: Int? = nil) {
        self.operation = operation
        self.error = error
        self.times = times
        self.after = after
        self.latencyMs = latencyMs
    }
}
