import Foundation

/// How the agent under test is reached (agent-protocol.md).
public enum AgentSpec: Sendable, Hashable, CustomStringConvertible {
    case reference
    case exec([String])
    case http(String)
    case openai(OpenAIAgentSpec)
    /// A named in-process agent registered by the embedding program (tests, benchmarks).
    case named(String)
    /// Plays the assistant messages recorded in a tau-bench trajectory file (`replay:FILE`).
    case replay(String)

    public var description: String {
        switch self {
        case .reference: return "reference"
        case .exec(let argv): return "exec:" + argv.joined(separator: " ")
        case .http(let url): return "http:" + url
        case .openai(let spec): return "openai:" + spec.model
        case .named(let name): return name
        case .replay(let file): return "replay:" + file
        }
    }
}

public struct OpenAIAgentSpec: Sendable, Hashable {
    public var baseURL: String
    public var model: String
    public var apiKeyEnv: String
    public var systemPromptFile: String?
    /// Sent with every request when set (reproducible sampling where the server supports it).
    public var temperature: Decimal?
    public var seed: Int?
    public init(baseURL: String, model: String, apiKeyEnv: String, systemPromptFile: String? = nil) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.systemPromptFile = systemPromptFile
    }
}

/// A threshold on one metric; `metric` is a dotted path into `metrics` of results.json.
public struct Gate: Sendable, Hashable {
    public var metric: String {
        didSet { definition = MetricCatalogue.named(metric) }
    }
    public var min: Decimal?
    public var max: Decimal?
    /// The catalogue's entry for `metric`, resolved once here; nil for a name the catalogue does
    /// not know (the loader has already reported it, so such a gate only comes from code).
    public private(set) var definition: MetricDescriptor?

    public init(metric: String, min: Decimal? = nil, max: Decimal? = nil) {
        self.metric = metric
        self.min = min
        self.max = max
        self.definition = MetricCatalogue.named(metric)
    }
}

public struct Costs: Sendable, Hashable {
    public var perThousandInputTokens: Decimal = 0
    public var perThousandOutputTokens: Decimal = 0
    public var humanMinute: Decimal = Decimal(string: "1.2")!
    public var humanMinutesPerEscalation: Decimal = 12
    public init() {}
}

/// `supportsim.yml`, with every default of scenarios.md filled in.
public struct SuiteConfig: Sendable, Hashable {
    public var name: String = "SupportSim suite"
    public var domain: DomainName = .support
    /// Set for the tau domains.
    public var tau = TauSuiteSettings()
    public var scenarios: [String] = ["scenarios"]
    public var world: [String] = ["scenarios/world"]
    public var policies: String = "scenarios/policies.yaml"
    /// Folder of declared tools (docs/your-own-tools.md); absent means none.
    public var tools: String = "tools"
    public var agent: AgentSpec = .reference
    /// `agent: {max_concurrency, max_rps, max_cost}`: limits for a model-backed agent.
    public var agentLimits = AgentLimits()
    public var repeatCount: Int = 1
    /// nil means `auto`: one conversation in flight per core.
    public var jobs: Int? = nil
    public var turnTimeoutMs: Int = 30_000
    public var conversationTimeoutMs: Int = 300_000
    public var clockStart: Date = ISODate.parseDateTime("2026-11-20T09:00:00Z")!
    public var customerThinkMs: Int = 20_000
    public var latencyMs: [String: Int] = ["crm": 120, "billing": 180, "orders": 150, "tickets": 90, "kb": 60]
    public var costs = Costs()
    public var groundedFacts: [String] = []
    public var gates: [Gate] = []
    public var readinessAutonomous: Decimal = Decimal(string: "0.90")!
    public var readinessAssisted: Decimal = Decimal(string: "0.70")!
    public var driftAlpha: Decimal = Decimal(string: "0.05")!
    public var driftMinEffect: Decimal = Decimal(string: "0.02")!
    public var transcriptSimilarity: Decimal = Decimal(string: "0.8")!
    /// The model that grades judge checks; nil: they are reported as not scored.
    public var judge: ModelEndpoint?
    /// The model that plays the customer in scenarios with a `goal:`; a scenario may override it.
    public var customerModel: ModelEndpoint?
    /// Customer messages a model-driven conversation may have when a scenario sets no `max_turns`
    /// (nil: 10, and in a tau suite tau-bench's 30-step limit).
    public var customerMaxTurns: Int? = nil
    public var history: String = ".supportsim/history.sqlite"
    public var reports: String = "reports"
    /// The config's own SLA for conversations whose scenario names none.
    public var sla: SLA? = nil
    /// `intents:`: the intent names the suite's agent reports, each with example utterances
    /// (empty when given as a plain list); nil when the config declares none, and then the
    /// reference agent's taxonomy is what expected intents are checked against.
    public var intents: [String: [String]]? = nil

    public init() {}
}

public struct SLA: Sendable, Hashable {
    public var firstResponseMs: Int?
    public var resolutionMs: Int?
    public init(firstResponseMs: Int? = nil, resolutionMs: Int? = nil) {
        self.firstResponseMs = firstResponseMs
        self.resolutionMs = resolutionMs
    }
}

/// What a run may ask of a model-backed agent (`agent:` in supportsim.yml): conversations in
/// flight, turns started per second, and the money its model calls (the agent's, the customer
/// model's and the judge's tokens, priced by `costs:`) may cost before the run stops starting
/// conversations.
public struct AgentLimits: Sendable, Hashable {
    public var maxConcurrency: Int?
    public var maxRPS: Decimal?
    public var maxCost: Decimal?
    public init(maxConcurrency: Int? = nil, maxRPS: Decimal? = nil, maxCost: Decimal? = nil) {
        self.maxConcurrency = maxConcurrency
        self.maxRPS = maxRPS
        self.maxCost = maxCost
    }
}
