import Foundation

/// tau-bench's environment for one episode (envs/base.py at 7362a17): the database the tools
/// change, the agent's replies, the step count and the end of the episode. Both the offline
/// replay and a live agent in a SupportSim run step it, so they follow the same rules.
public struct TauEnvironment: Sendable {
    /// tau-bench's agents stop after 30 actions; an episode cut off there has reward 0.
    public static let maxSteps = 30
    public static let stopToken = "###STOP###"

    public enum End: String, Sendable, Hashable {
        /// The customer's message held `###STOP###`.
        case customerStopped = "customer-stopped"
        /// The agent called a terminating tool (`transfer_to_human_agents`).
        case transferred
        /// 30 actions without an end: reward 0.
        case stepLimit = "step-limit"
    }

    public let domain: TauDomain
    public private(set) var data: PyDict
    public private(set) var replies: [String] = []
    public private(set) var steps = 0
    public private(set) var end: End?
    /// Every action in order, as tau-bench's `self.actions` (replies are `respond`).
    public private(set) var actions: [TauAction] = []

    public init(domain: TauDomain, data: PyDict) {
        self.domain = domain
        self.data = data
    }

    public var isDone: Bool { end != nil }

    /// Runs a tool call and returns tau-bench's observation. After the episode ended nothing runs.
    public mutating func callTool(_ name: String, _ kwargs: PyDict) -> String {
        guard end == nil else { return "Error: the episode has ended" }
        actions.append(TauAction(name: name, kwargs: kwargs))
        let observation = domain.invoke(name, kwargs, on: &data)
        steps += 1
        if domain.terminateTools.contains(name) { end = .transferred } else { checkStepLimit() }
        return observation
    }

    /// Runs a tool call whose arguments are the model's JSON text. Arguments that are not a JSON
    /// object give an error observation (tau-bench would crash the episode; a run must go on).
    public mutating func callTool(_ name: String, argumentsJSON: String) -> String {
        guard let kwargs = (try? PyJSON.parse(argumentsJSON))?.dictValue else {
            guard end == nil else { return "Error: the episode has ended" }
            steps += 1
            checkStepLimit()
            return "Error: the arguments of \(name) are not a JSON object"
        }
        return callTool(name, kwargs)
    }

    /// A tool call that did not run because something outside the tools failed it (an injected
    /// fault): the agent sees `observation`, the database is unchanged, and it counts as a step.
    public mutating func failCall(_ name: String, observation: String) -> String {
        guard end == nil else { return "Error: the episode has ended" }
        steps += 1
        checkStepLimit()
        return observation
    }

    /// The agent replied to the customer (tau-bench's `respond` action).
    public mutating func respond(_ text: String) {
        guard end == nil else { return }
        actions.append(TauAction(name: "respond", kwargs: PyDict([("content", .string(text))])))
        replies.append(text)
        steps += 1
        checkStepLimit()
    }

    /// The customer's next message; `###STOP###` in it ends the episode.
    public mutating func customerSaid(_ text: String) {
        guard end == nil else { return }
        if text.contains(Self.stopToken) { end = .customerStopped }
    }

    private mutating func checkStepLimit() {
        if end == nil && steps >= Self.maxSteps { end = .stepLimit }
    }
}
