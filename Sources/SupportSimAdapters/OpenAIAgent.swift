import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import SupportSimCore

/// Any OpenAI-compatible chat completions endpoint as the agent under test (OpenAI, vLLM,
/// Ollama, llama.cpp server). Operations are offered as function-calling tools with JSON Schema
/// parameters from the operation catalogue; the harness runs each tool call and sends the
/// result back, up to 12 rounds a turn. The API key is read from the environment variable the
/// config names and is never written anywhere.
public final class OpenAIAgent: SupportAgent, Sendable {
    public static let maxToolRounds = 12

    let spec: OpenAIAgentSpec
    let systemPrompt: String
    let timeoutMs: Int
    let environment: [String: String]
    let retryDelay: Duration
    /// The functions offered to the model: the support catalogue, or a domain's own schemas
    /// (a tau suite's tools.json, offered verbatim).
    let toolSchemas: JSONValue
    /// Records the model's answers, or replays them with no network (`--record`, `--replay`).
    let cassette: ModelCassette?
    /// Whether the endpoint ever answered: a run it never did exits 3.
    public let reachability = Reachability()
    private let apiKey = Mutex<String?>(nil)
    private let conversations = Mutex<[String: [JSONValue]]>([:])
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    public init(spec: OpenAIAgentSpec, policies: [Policy], timeoutMs: Int, systemPrompt: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, retryDelay: Duration = .milliseconds(500),
                toolSchemas: [JSONValue]? = nil, cassette: ModelCassette? = nil) {
        self.spec = spec
        self.cassette = cassette
        self.toolSchemas = toolSchemas.map(JSONValue.array) ?? Self.tools
        self.timeoutMs = timeoutMs
        self.environment = environment
        self.retryDelay = retryDelay
        let rules = policies.map { "- \($0.description) (\($0.severity.rawValue))" }.joined(separator: "\n")
        self.systemPrompt = systemPrompt ?? """
            You are a customer support agent. Use the tools to look up and change records; never state an amount, \
            date or identifier you did not get from a tool or the customer. Hand the conversation to a human with the \
            handoff__escalate tool when a rule requires it.
            Rules you must never break:
            \(rules)
            """
    }

    deinit { try? client.syncShutdown() }

    public var chargesWallTime: Bool { true }

    public func start() async throws {
        // A replayed run calls no model, and needs no key.
        if cassette?.isReplaying == true { return }
        guard let key = environment[spec.apiKeyEnv], !key.isEmpty else {
            // A server on this machine (Ollama, vLLM, llama.cpp) needs no key: none is sent.
            if Self.isLoopback(spec.baseURL) { return }
            throw AgentFailure("the environment variable \(spec.apiKeyEnv) (openai.api_key_env) is not set; it must hold the API key")
        }
        apiKey.withLock { $0 = key }
    }

    public func stop() async { try? await client.shutdown() }

    /// Whether the endpoint is on this machine: 127.0.0.0/8, ::1 or localhost.
    static func isLoopback(_ baseURL: String) -> Bool {
        guard let host = URLComponents(string: baseURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public func endConversation(_ conversation: String) async {
        _ = conversations.withLock { $0.removeValue(forKey: conversation) }
    }

    /// Function names may not contain dots: `billing.refund` is offered as `billing__refund`.
    public static func functionName(_ operation: String) -> String { operation.replacingOccurrences(of: ".", with: "__") }
    public static func operation(_ function: String) -> String { function.replacingOccurrences(of: "__", with: ".") }

    static let tools: JSONValue = .array(OperationCatalogue.all.map { spec in
        ["type": "function", "function": ["name": .string(functionName(spec.name)), "description": .string(spec.summary),
                                          "parameters": OperationCatalogue.inputSchema(spec)]]
    })

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        var messages = conversations.withLock { $0[turn.conversation] } ?? [["role": "system", "content": .string(systemPrompt)]]
        // The time to the minute: enough for dates and deadlines, and a re-recorded cassette's
        // requests stay the same when the model's latency moves the clock by a few hundred ms.
        let minute = Date(timeIntervalSince1970: (turn.now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        var context = "Channel: \(turn.channel.rawValue). Now: \(ISODate.formatDateTime(minute).dropLast(4))Z."
        if let c = turn.customerID { context += " Signed-in customer: \(c)." }
        messages.append(["role": "user", "content": .string("\(turn.message)\n\n[\(context)]")])
        var usage = TokenUsage(inputTokens: 0, outputTokens: 0)
        var handoff: Handoff?
        var elapsedMs = 0
        let site = ModelCallSite(conversation: turn.conversation, scenario: turn.scenario, turn: turn.turn)
        for _ in 0...Self.maxToolRounds {
            let (response, ms) = try await complete(messages, at: site)
            elapsedMs += ms
            usage.inputTokens += response["usage"]?["prompt_tokens"]?.intValue ?? 0
            usage.outputTokens += response["usage"]?["completion_tokens"]?.intValue ?? 0
            guard let message = response["choices"]?.arrayValue?.first?["message"] else {
                throw AgentFailure("the model's answer has no choices[0].message")
            }
            messages.append(message)
            var calls = message["tool_calls"]?.arrayValue ?? []
            let episode = tools as? any EpisodeToolGateway
            if episode != nil, calls.count > 1, case .object(var trimmed) = message {
                // tau-bench runs only a message's first tool call and keeps only that one.
                calls = [calls[0]]
                trimmed["tool_calls"] = .array(calls)
                messages[messages.count - 1] = .object(trimmed)
            }
            if calls.isEmpty {
                conversations.withLock { $0[turn.conversation] = messages }
                return AgentReply(text: message["content"]?.stringValue ?? "", escalate: handoff, usage: usage,
                                  elapsedMs: elapsedMs)
            }
            for call in calls {
                let name = Self.operation(call["function"]?["name"]?.stringValue ?? "")
                let argumentText = call["function"]?["arguments"]?.stringValue ?? "{}"
                let outcome: ToolOutcome
                if let episode {
                    // The model's argument text goes through untouched (ints stay apart from
                    // floats), and the model reads tau-bench's observation text.
                    let observed = await episode.call(name, argumentsJSON: argumentText)
                    let text: String
                    switch observed {
                    case .success(let v): text = v.stringValue ?? v.jsonText()
                    case .failure(let e): text = e.message
                    }
                    messages.append(["role": "tool", "tool_call_id": call["id"] ?? "", "name": .string(name), "content": .string(text)])
                    if episode.episodeEnded {
                        conversations.withLock { $0[turn.conversation] = messages }
                        return AgentReply(text: "", usage: usage, elapsedMs: elapsedMs)
                    }
                    continue
                } else if let args = (try? JSONValue.parse(argumentText))?.objectValue {
                    outcome = await tools.call(name, args)
                    if name == "handoff.escalate", outcome.isSuccess { handoff = Handoff(json: .object(args)) }
                } else {
                    outcome = .failure(ToolError(.invalidArgument, "the arguments are not a JSON object"))
                }
                messages.append(["role": "tool", "tool_call_id": call["id"] ?? "", "content": .string(outcome.json.jsonText())])
            }
        }
        throw AgentFailure("the model made more than \(Self.maxToolRounds) rounds of tool calls without answering")
    }

    /// One chat completion (and the milliseconds it took); 429 and 5xx are retried with
    /// exponential backoff a bounded number of times.
    func complete(_ messages: [JSONValue], at site: ModelCallSite) async throws -> (JSONValue, Int) {
        var body: [String: JSONValue] = ["model": .string(spec.model), "messages": .array(messages), "tools": toolSchemas]
        if let t = spec.temperature { body["temperature"] = .number(t) }
        if let seed = spec.seed { body["seed"] = .number(Decimal(seed)) }
        let key = apiKey.withLock { $0 }
        return try await ChatCompletions(baseURL: spec.baseURL, apiKey: { key }, timeoutMs: timeoutMs,
                               retryDelay: retryDelay, client: client, role: "model endpoint", caller: "agent",
                               cassette: cassette, reachability: reachability).complete(.object(body), at: site)
    }
}
