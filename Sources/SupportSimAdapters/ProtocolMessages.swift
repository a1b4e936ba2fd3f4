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
        return AgentReply(text: text, intent: v["intent"]?.stringValue, confidence: v["confidence"]?.decimalValue,
                          escalate: escalate, citations: v["citations"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                          usage: usage, trace: trace)
    }
}
