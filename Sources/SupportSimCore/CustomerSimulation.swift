import Foundation

/// An OpenAI-compatible chat model SupportSim calls itself: the judge (`judge:`) and the
/// model-driven customer (`customer_model:`) in supportsim.yml (docs/model-driven.md).
public struct ModelEndpoint: Sendable, Hashable {
    public var baseURL: String
    public var model: String
    /// The environment variable holding the API key; a local server needs none.
    public var apiKeyEnv: String
    public var temperature: Decimal?
    public var seed: Int?
    public init(baseURL: String, model: String, apiKeyEnv: String, temperature: Decimal? = nil, seed: Int? = nil) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.temperature = temperature
        self.seed = seed
    }
}

/// Where a model call happens, so a recorded call is found again and a missing one is named:
/// the conversation (`scenario#trial`), its scenario and the customer turn.
public struct ModelCallSite: Sendable, Hashable, CustomStringConvertible {
    public var conversation: String
    public var scenario: String
    /// The customer turn (0-based); nil for a call about the whole conversation (a judge check).
    public var turn: Int?
    public init(conversation: String, scenario: String, turn: Int?) {
        self.conversation = conversation
        self.scenario = scenario
        self.turn = turn
    }
    public var description: String { "scenario \(scenario)" + (turn.map { ", turn \($0)" } ?? "") }
}

/// Who a model-driven customer is and what it wants: a scenario's `goal`, `persona` and `knows`,
/// or a tau-bench task's instruction.
public struct CustomerBrief: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// A SupportSim scenario: goal, persona and the facts it may give when asked.
        case scenario
        /// A tau-bench task: the instruction is the whole brief, as tau-bench's user simulator has it.
        case tauInstruction
    }
    public var goal: String
    public var persona: String?
    public var knows: [String: String]
    public var endpoint: ModelEndpoint
    public var style: Style
    public init(goal: String, persona: String? = nil, knows: [String: String] = [:], endpoint: ModelEndpoint,
                style: Style = .scenario) {
        self.goal = goal
        self.persona = persona
        self.knows = knows
        self.endpoint = endpoint
        self.style = style
    }
}

/// The customer's next message, or its end of the conversation (`###STOP###`, tau-bench's
/// convention: the goal is met, or the customer gives up on it).
public enum CustomerMove: Sendable, Hashable {
    case say(String, usage: TokenUsage?)
    case stop(usage: TokenUsage?)
}

/// Writes a model-driven customer's messages from the conversation so far. The model customer of
/// SupportSimAdapters, or a test's.
public protocol CustomerSimulator: Sendable {
    func next(_ brief: CustomerBrief, transcript: [TranscriptEntry], at site: ModelCallSite) async throws -> CustomerMove
}

extension Scenario {
    /// The customer brief when a model plays this scenario's customer (it has a `goal`).
    public var customerBrief: CustomerBrief? {
        guard let goal, let customerModel else { return nil }
        return CustomerBrief(goal: goal, persona: persona, knows: knows, endpoint: customerModel)
    }
}
