import Foundation
import SupportSimCore

/// Reading the agent's side of agent-protocol.md.
enum ProtocolMessages {
    /// A reply object (`{"type": "reply", "text": ..., ...}`), or why it is not one.
    static func reply(_ v: JSONValue) throws(AgentFailure) -> AgentReply {
        guard let text = v["text"]?.stringValue else {
            throw AgentFailure("the agent's reply has no \"text\" string: \(v.jsonText().prefix(200))")
        }
        var escalate: Handoff?
        if let e = v["escalate"], e != .null {
            guard e.objectValue != nil else { throw AgentFailure("\"escalate\" must be an object or null") }
            escalate = Handoff(json: e)
        }
        var usage: TokenUsage?
        if let u = v["usage"], u != .null {
            usage = TokenUsage(inputTokens: u["input_tokens"]?.intValue ?? u["prompt_tokens"]?.intValue ?? 0,
                               outputTokens: u["output_tokens"]?.intValue ?? u["completion_tokens"]?.intValue ?? 0)
        }
        let trace = (v["trace"]?.arrayValue ?? []).map {
            TraceStep(agent: $0["agent"]?.stringValue ?? "agent", decision: $0["decision"]?.stringValue ?? $0.displayText)
        }
        // An agent that measures its own time (its model calls, or a recording of them) may say
        // how long the reply took; the virtual clock is then charged that instead of the wall
        // time the harness measured, so that its runs are reproducible (docs/contract-notes.md).
        var elapsedMs: Int?
        if let e = v["elapsed_ms"], e != .null {
            guard let ms = e.intValue, ms >= 0, e.decimalValue == Decimal(ms) else {
                throw AgentFailure("\"elapsed_ms\" must be a whole number of milliseconds, 0 or more: \(e.jsonText().prefix(40))")
            }
            elapsedMs = ms
        }
        return AgentReply(text: text, intent: v["intent"]?.stringValue, confidence: v["confidence"]?.decimalValue,
                          escalate: escalate, citations: v["citations"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                          usage: usage, trace: trace, elapsedMs: elapsedMs)
    }
}
