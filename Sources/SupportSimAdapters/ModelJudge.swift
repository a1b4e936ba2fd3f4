import Foundation
import SupportSimCore

/// Grades judge checks with an OpenAI-compatible chat model (`judge:` in supportsim.yml). The
/// judge must answer one JSON object, `{verdict: pass|fail, score: 0..1, reason}`; an answer in
/// another shape is asked for again once, then reported as a judge error, never as a pass.
public struct ModelJudge: ConversationJudge {
    static let instructions = """
        You grade one customer-support conversation against a rubric. Answer with exactly one JSON \
        object and nothing else: {"verdict": "pass" or "fail", "score": a number from 0 to 1, \
        "reason": one sentence}.
        """

    let spec: ModelEndpoint
    let apiKey: String?
    let timeoutMs: Int
    let retryDelay: Duration
    let cassette: ModelCassette?
    /// Whether the judge ever answered: a run it never did exits 3.
    public let reachability = Reachability()

    public init(spec: ModelEndpoint, environment: [String: String] = ProcessInfo.processInfo.environment,
                timeoutMs: Int = 60_000, retryDelay: Duration = .milliseconds(500), cassette: ModelCassette? = nil) {
        self.cassette = cassette
        self.spec = spec
        // A local server (Ollama, llama.cpp) needs no key: without one no Authorization is sent.
        self.apiKey = environment[spec.apiKeyEnv].flatMap { $0.isEmpty ? nil : $0 }
        self.timeoutMs = timeoutMs
        self.retryDelay = retryDelay
    }

    public func judge(_ record: ConversationRecord) async -> [JudgeVerdict] {
        var verdicts: [JudgeVerdict] = []
        for (turn, check) in record.scenario.judgeChecks {
            verdicts.append(await grade(check, turn: turn, record: record))
        }
        return verdicts
    }

    /// The conversation as the judge reads it: up to the end of the check's turn, or all of it.
    static func transcript(_ record: ConversationRecord, upTo turn: Int?) -> String {
        record.transcript.filter { entry in turn.map { entry.scriptedTurn <= $0 } ?? true }
            .map { "\($0.speaker == .customer ? "Customer" : "Agent"): \($0.text)" }.joined(separator: "\n")
    }

    func grade(_ check: JudgeExpectation, turn: Int?, record: ConversationRecord) async -> JudgeVerdict {
        let scope = turn.map { "Grade the agent's replies up to the end of the conversation below (scripted turn \($0))." }
            ?? "Grade the whole conversation below."
        var messages: [JSONValue] = [
            ["role": "system", "content": .string(Self.instructions)],
            ["role": "user", "content": .string("Rubric: \(check.rubric)\n\n\(scope)\n\n\(Self.transcript(record, upTo: turn))")],
        ]
        var usage = TokenUsage(inputTokens: 0, outputTokens: 0)
        var lastAnswer = ""
        for attempt in 0..<2 {
            let response: JSONValue
            let site = ModelCallSite(conversation: record.conversationID, scenario: record.scenario.id, turn: turn)
            do { response = try await complete(messages, at: site).0 } catch {
                return JudgeVerdict(turn: turn, rubric: check.rubric, error: "\(error)", usage: usage)
            }
            usage.inputTokens += response["usage"]?["prompt_tokens"]?.intValue ?? 0
            usage.outputTokens += response["usage"]?["completion_tokens"]?.intValue ?? 0
            lastAnswer = response["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            if let (verdict, score, reason) = Self.parse(lastAnswer) {
                return JudgeVerdict(turn: turn, rubric: check.rubric, verdict: verdict, score: score, reason: reason, usage: usage)
            }
            if attempt == 0 {
                messages.append(["role": "assistant", "content": .string(lastAnswer)])
                messages.append(["role": "user", "content": .string(
                    "That was not the required JSON. Answer again with only {\"verdict\": \"pass\" or \"fail\", "
                    + "\"score\": 0 to 1, \"reason\": \"one sentence\"}.")])
            }
        }
        let shown = lastAnswer.count > 80 ? String(lastAnswer.prefix(80)) + "…" : lastAnswer
        return JudgeVerdict(turn: turn, rubric: check.rubric,
                            error: "the judge answered twice without the required JSON {verdict, score, reason}; last: \"\(shown)\"",
                            usage: usage)
    }

    /// `{verdict, score, reason}` from the judge's text (a fenced code block is accepted).
    static func parse(_ text: String) -> (String, Decimal, String)? {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            body = body.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                .joined(separator: "\n").replacingOccurrences(of: "```", with: "")
        }
        guard let value = try? JSONValue.parse(body), let verdict = value["verdict"]?.stringValue?.lowercased(),
            verdict == "pass" || verdict == "fail", case .number(let score)? = value["score"], score >= 0, score <= 1,
            let reason = value["reason"]?.stringValue, !reason.trimmingCharacters(in: .whitespaces).isEmpty
        else { return nil }
        return (verdict, score, reason)
    }

    func complete(_ messages: [JSONValue], at site: ModelCallSite) async throws -> (JSONValue, Int) {
        var body: [String: JSONValue] = ["model": .string(spec.model), "messages": .array(messages),
                                         "temperature": .number(spec.temperature ?? 0)]
        if let seed = spec.seed { body["seed"] = .number(Decimal(seed)) }
        let key = apiKey
        return try await ChatCompletions(baseURL: spec.baseURL, apiKey: { key }, timeoutMs: timeoutMs, retryDelay: retryDelay,
                               client: .shared, role: "judge endpoint", caller: "judge", cassette: cassette,
                               reachability: reachability)
            .complete(.object(body), at: site)
    }
}
