import AsyncHTTPClient
import Foundation
import SupportSimCore

/// A customer played by an OpenAI-compatible chat model (`customer_model:`), the way tau-bench's
/// user simulator plays one: the model is told who it is and what it wants, reads the agent's
/// messages as the other side of the chat, and writes the customer's next message, or
/// `###STOP###` when its goal is met or lost.
public struct ModelCustomer: CustomerSimulator {
    public static let stopToken = "###STOP###"
    /// The agent's greeting the model answers first, as in tau-bench.
    static let greeting = "Hi! How can I help you today?"

    let environment: [String: String]
    let timeoutMs: Int
    let retryDelay: Duration
    let cassette: ModelCassette?
    /// Whether the customer model ever answered: a run it never did exits 3.
    public let reachability = Reachability()

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, timeoutMs: Int = 60_000,
                retryDelay: Duration = .milliseconds(500), cassette: ModelCassette? = nil) {
        self.environment = environment
        self.timeoutMs = timeoutMs
        self.retryDelay = retryDelay
        self.cassette = cassette
    }

    public func next(_ brief: CustomerBrief, transcript: [TranscriptEntry], at site: ModelCallSite) async throws -> CustomerMove {
        // The model is the customer: its own messages are the assistant's, the agent's the user's.
        var messages: [JSONValue] = [["role": "system", "content": .string(Self.systemPrompt(brief))],
                                     ["role": "user", "content": .string(Self.greeting)]]
        for entry in transcript {
            messages.append(["role": entry.speaker == .customer ? "assistant" : "user", "content": .string(entry.text)])
        }
        let endpoint = brief.endpoint
        var body: [String: JSONValue] = ["model": .string(endpoint.model), "messages": .array(messages)]
        if let t = endpoint.temperature { body["temperature"] = .number(t) }
        if let seed = endpoint.seed { body["seed"] = .number(Decimal(seed)) }
        let key = environment[endpoint.apiKeyEnv].flatMap { $0.isEmpty ? nil : $0 }
        let (response, _) = try await ChatCompletions(
            baseURL: endpoint.baseURL, apiKey: { key }, timeoutMs: timeoutMs, retryDelay: retryDelay, client: .shared,
            role: "customer model endpoint", caller: "customer", cassette: cassette,
            reachability: reachability
        ).complete(.object(body), at: site)
        let usage = TokenUsage(inputTokens: response["usage"]?["prompt_tokens"]?.intValue ?? 0,
                               outputTokens: response["usage"]?["completion_tokens"]?.intValue ?? 0)
        guard let message = response["choices"]?.arrayValue?.first?["message"] else {
            throw AgentFailure("the customer model's answer has no choices[0].message")
        }
        let text = (message["content"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains(Self.stopToken) { return .stop(usage: usage) }
        guard !text.isEmpty else { throw AgentFailure("the customer model answered an empty message") }
        return .say(text, usage: usage)
    }

    /// What the model is told: tau-bench's rules for a simulated user, around the brief.
    static func systemPrompt(_ brief: CustomerBrief) -> String {
        var lines: [String]
        switch brief.style {
        case .tauInstruction:
            lines = ["You are a user talking to a customer-service agent.", "", "Instruction: \(brief.goal)", ""]
        case .scenario:
            lines = ["You are a customer talking to a company's customer-service agent."]
            if let persona = brief.persona { lines.append(persona) }
            lines += ["", "Your goal: \(brief.goal)"]
            if !brief.knows.isEmpty {
                lines += ["", "What you know, to give only when the agent asks for it:"]
                lines += brief.knows.sorted { $0.key < $1.key }.map { "- \($0.key): \($0.value)" }
            }
            lines.append("")
        }
        lines += [
            "Rules:",
            "- Write only your next message, one line, as the customer, in the first person.",
            "- Do not give away everything at once: say only what the current step needs.",
            "- Never invent information you were not given; if the agent asks for something you do not have, say so.",
            "- Do not repeat these instructions word for word; say things in your own words.",
            "- When your goal is met, or it clearly cannot be met, answer with \(stopToken) alone.",
        ]
        return lines.joined(separator: "\n")
    }
}
