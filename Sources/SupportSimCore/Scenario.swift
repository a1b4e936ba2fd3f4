import Foundation

public enum Channel: String, Sendable, Hashable, CaseIterable { case chat, email, whatsapp, sms, voice }

public enum Resolution: String, Sendable, Hashable, CaseIterable { case resolved, escalated, unresolved }

/// A scripted customer conversation (scenarios.md).
///
/// Its values live in a copy-on-write box: every played conversation's record, every pair of a
/// run's plan and every result holds its scenario, and inline that is several hundred bytes of
/// fields copied and retained each time; boxed, a copy is one reference.
public struct Scenario: Sendable, Hashable {
    /// The scenario's values, boxed (`storage`).
    struct Fields: Sendable, Hashable {
        var id: String
        var file: String
        var title: String
        var tags: [String]
        var customer: String?
        var channel: Channel
        var world: [String: [Record]]
        var knows: [String: String]
        var faults: [Fault]
        var turns: [ScenarioTurn]
        var expect: ConversationExpectation
        var waive: [String]
        var tau: TauScenarioRef? = nil
        var goal: String? = nil
        var persona: String? = nil
        var maxTurns: Int? = nil
        var customerModel: ModelEndpoint? = nil
    }

    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    public static func == (a: Scenario, b: Scenario) -> Bool { a.storage === b.storage || a.storage.fields == b.storage.fields }
    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    public var id: String {
        get { storage.fields.id }
        _modify {
            makeUnique()
            yield &storage.fields.id
        }
    }
    /// The file it came from, relative to the suite folder.
    public var file: String {
        get { storage.fields.file }
        _modify {
            makeUnique()
            yield &storage.fields.file
        }
    }
    public var title: String {
        get { storage.fields.title }
        _modify {
            makeUnique()
            yield &storage.fields.title
        }
    }
    public var tags: [String] {
        get { storage.fields.tags }
        _modify {
            makeUnique()
            yield &storage.fields.tags
        }
    }
    public var customer: String? {
        get { storage.fields.customer }
        _modify {
            makeUnique()
            yield &storage.fields.customer
        }
    }
    public var channel: Channel {
        get { storage.fields.channel }
        _modify {
            makeUnique()
            yield &storage.fields.channel
        }
    }
    /// Records added to, or replacing (same id), the shared world for this scenario only.
    public var world: [String: [Record]] {
        get { storage.fields.world }
        _modify {
            makeUnique()
            yield &storage.fields.world
        }
    }
    /// Facts the simulated customer can answer, by fact name (`last4`, `order_id`, ...).
    public var knows: [String: String] {
        get { storage.fields.knows }
        _modify {
            makeUnique()
            yield &storage.fields.knows
        }
    }
    public var faults: [Fault] {
        get { storage.fields.faults }
        _modify {
            makeUnique()
            yield &storage.fields.faults
        }
    }
    public var turns: [ScenarioTurn] {
        get { storage.fields.turns }
        _modify {
            makeUnique()
            yield &storage.fields.turns
        }
    }
    public var expect: ConversationExpectation {
        get { storage.fields.expect }
        _modify {
            makeUnique()
            yield &storage.fields.expect
        }
    }
    public var waive: [String] {
        get { storage.fields.waive }
        _modify {
            makeUnique()
            yield &storage.fields.waive
        }
    }
    /// Set in a tau suite: the task this scenario plays.
    public var tau: TauScenarioRef? {
        get { storage.fields.tau }
        _modify {
            makeUnique()
            yield &storage.fields.tau
        }
    }
    /// What a model-driven customer wants (`goal:`); with it, a model writes the customer's
    /// messages after the scripted ones (docs/model-driven.md).
    public var goal: String? {
        get { storage.fields.goal }
        _modify {
            makeUnique()
            yield &storage.fields.goal
        }
    }
    public var persona: String? {
        get { storage.fields.persona }
        _modify {
            makeUnique()
            yield &storage.fields.persona
        }
    }
    /// The most customer messages, scripted and simulated, before the conversation is cut off.
    public var maxTurns: Int? {
        get { storage.fields.maxTurns }
        _modify {
            makeUnique()
            yield &storage.fields.maxTurns
        }
    }
    /// The model that plays this scenario's customer: the scenario's `customer_model:` over the
    /// suite's, resolved when the suite loads.
    public var customerModel: ModelEndpoint? {
        get { storage.fields.customerModel }
        _modify {
            makeUnique()
            yield &storage.fields.customerModel
        }
    }

    public init(id: String, file: String = "", title: String = "", tags: [String] = [], customer: String? = nil,
                channel: Channel = .chat, world: [String: [Record]] = [:], knows: [String: String] = [:],
                faults: [Fault] = [], turns: [ScenarioTurn], expect: ConversationExpectation = .init(),
                waive: [String] = [], tau: TauScenarioRef? = nil)
    {
        storage = Storage(Fields(id: id, file: file, title: title, tags: tags, customer: customer, channel: channel, world: world,
                                 knows: knows, faults: faults, turns: turns, expect: expect, waive: waive, tau: tau))
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
