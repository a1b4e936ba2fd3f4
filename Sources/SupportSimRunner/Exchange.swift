import Foundation
import SupportSimBackends
import SupportSimCore

/// One conversation while it is played: the transcript so far, and one customer message and the
/// agent's reply at a time, on the conversation's virtual clock.
struct Exchange {
    let scenario: Scenario
    let conversation: String
    let backend: ConversationBackend
    let config: SuiteConfig
    let agent: any SupportAgent
    let turnTimeoutMs: Int
    var transcript: [TranscriptEntry] = []
    /// Customer messages sent so far (the protocol's `turn` of the next one).
    var customerTurn = 0
    var endReason = EndReason.scriptDone
    var failure: String?
    var handoff: Handoff?
    var handoffTurn: Int?
    var customerUsage: TokenUsage?

    init(scenario: Scenario, conversation: String, backend: ConversationBackend, config: SuiteConfig,
         agent: any SupportAgent, turnTimeoutMs: Int) {
        self.scenario = scenario
        self.conversation = conversation
        self.backend = backend
        self.config = config
        self.agent = agent
        self.turnTimeoutMs = turnTimeoutMs
    }

    /// Sends one customer message and records the agent's reply. Nil when the conversation ends
    /// here: its time is up, the agent failed, or it handed off (`endReason` says which).
    mutating func exchange(_ message: String, scriptedTurn: Int, scripted: Bool) async -> AgentReply? {
        if backend.clockMs >= config.conversationTimeoutMs {
            endReason = .conversationTimeout
            return nil
        }
        let at = backend.clockMs
        transcript.append(TranscriptEntry(speaker: .customer, text: message, atMs: at, turn: customerTurn,
                                          scriptedTurn: scriptedTurn, scripted: scripted))
        let input = TurnInput(conversation: conversation, scenario: scenario.id, turn: customerTurn,
                              channel: scenario.channel, customerID: scenario.customer, message: message,
                              now: config.clockStart.addingTimeInterval(Double(at) / 1000))
        let firstCall = backend.auditCount + 1
        let began = ContinuousClock.now
        let reply: AgentReply
        do {
            let agent = self.agent
            let backend = self.backend
            let timeout = turnTimeoutMs
            reply = try await withTimeout(ms: timeout, { "the agent did not reply within \(timeout) ms" }) {
                try await agent.respond(to: input, tools: backend)
            }
        } catch {
            failure = "turn \(customerTurn): \(error)"
            endReason = .agentError
            return nil
        }
        if let ms = reply.elapsedMs {
            backend.advance(ms: max(0, ms))
        } else if agent.chargesWallTime {
            let elapsed = ContinuousClock.now - began
            backend.advance(ms: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        }
        transcript.append(TranscriptEntry(speaker: .agent, text: reply.text, atMs: backend.clockMs, turn: customerTurn,
                                          scriptedTurn: scriptedTurn, scripted: scripted, reply: reply,
                                          auditRange: firstCall..<(backend.auditCount + 1)))
        customerTurn += 1
        if let h = backend.handoff ?? reply.escalate {
            handoff = h
            handoffTurn = scriptedTurn
            endReason = .escalated
            return nil
        }
        return reply
    }

    mutating func addCustomerUsage(_ usage: TokenUsage?) {
        guard let usage else { return }
        var total = customerUsage ?? TokenUsage(inputTokens: 0, outputTokens: 0)
        total.inputTokens += usage.inputTokens
        total.outputTokens += usage.outputTokens
        customerUsage = total
    }
}
