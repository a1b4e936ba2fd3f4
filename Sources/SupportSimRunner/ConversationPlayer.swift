import Foundation
import SupportSimBackends
import SupportSimCore
import SupportSimScoring

/// Plays one scenario trial and returns what happened. A domain whose conversations follow other
/// rules (tau-bench's episodes) brings its own player.
public protocol ConversationPlaying: Sendable {
    /// - Parameter world: the scenario's world, built once and shared by its trials.
    func play(_ scenario: Scenario, trial: Int, world: World?) async -> ConversationRecord
}

/// Plays one scenario trial through an agent: scripted turns, the simulated customer's answers,
/// the end conditions and timeouts of scenarios.md, all on the conversation's virtual clock.
public struct ConversationPlayer: ConversationPlaying {
    public static let maxUnscriptedReplies = 20

    public let suite: Suite
    public let agent: any SupportAgent
    public let turnTimeoutMs: Int
    /// The suite's declared tools by name, answered by each conversation's backend.
    let declared: [String: DeclaredTool]

    public init(suite: Suite, agent: any SupportAgent, turnTimeoutMs: Int? = nil) {
        self.suite = suite
        self.agent = agent
        self.turnTimeoutMs = turnTimeoutMs ?? suite.config.turnTimeoutMs
        self.declared = Dictionary(suite.declaredTools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func play(_ scenario: Scenario, trial: Int, world: World? = nil) async -> ConversationRecord {
        let config = suite.config
        let start = config.clockStart
        let backend = ConversationBackend(world: world ?? suite.world.overlaid(with: scenario.world), faults: scenario.faults,
                                          latencyMs: config.latencyMs, start: start, declared: declared,
                                          handlerDirectory: suite.root)
        let conversation = "\(scenario.id)#\(trial)"
        var transcript: [TranscriptEntry] = []
        var customerTurn = 0
        var endReason = EndReason.scriptDone
        var failure: String?
        var handoff: Handoff?
        var handoffTurn: Int?
        let knownFacts = Array(scenario.knows.keys)

        script: for (index, turn) in scenario.turns.enumerated() {
            if index > 0 { backend.advance(ms: config.customerThinkMs) }
            var message = turn.customer
            var scripted = true
            var unscripted = 0
            while true {
                if backend.clockMs >= config.conversationTimeoutMs {
                    endReason = .conversationTimeout
                    break script
                }
                let at = backend.clockMs
                transcript.append(TranscriptEntry(speaker: .customer, text: message, atMs: at, turn: customerTurn,
                                                  scriptedTurn: index, scripted: scripted))
                let input = TurnInput(conversation: conversation, scenario: scenario.id, turn: customerTurn,
                                      channel: scenario.channel, customerID: scenario.customer, message: message,
                                      now: start.addingTimeInterval(Double(at) / 1000))
                let firstCall = backend.snapshotAuditCount() + 1
                let began = ContinuousClock.now
                let reply: AgentReply
                do {
                    let agent = self.agent
                    let timeout = turnTimeoutMs
                    reply = try await withTimeout(ms: timeout, { "the agent did not reply within \(timeout) ms" }) {
                        try await agent.respond(to: input, tools: backend)
                    }
                } catch {
                    failure = "turn \(customerTurn): \(error)"
                    endReason = .agentError
                    break script
                }
                if agent.chargesWallTime {
                    let elapsed = ContinuousClock.now - began
                    backend.advance(ms: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
                }
                let lastCall = backend.snapshotAuditCount() + 1
                transcript.append(TranscriptEntry(speaker: .agent, text: reply.text, atMs: backend.clockMs, turn: customerTurn,
                                                  scriptedTurn: index, scripted: scripted, reply: reply,
                                                  auditRange: firstCall..<lastCall))
                customerTurn += 1
                if let h = backend.handoff ?? reply.escalate {
                    handoff = h
                    handoffTurn = index
                    endReason = .escalated
                    break script
                }
                let asked = FactRequests.asked(in: reply.text, extra: knownFacts)
                if asked.isEmpty { break }
                unscripted += 1
                if unscripted >= Self.maxUnscriptedReplies {
                    endReason = .replyLimit
                    break script
                }
                message = Self.answer(asked, knows: scenario.knows)
                scripted = false
                backend.advance(ms: config.customerThinkMs)
            }
        }
        await agent.endConversation(conversation)
        let snapshot = backend.snapshot()
        return ConversationRecord(
            scenario: scenario, trial: trial, conversationID: conversation, start: start, transcript: transcript,
            audit: snapshot.audit, finalWorld: snapshot.world, handoff: handoff, handoffTurn: handoffTurn,
            endReason: endReason, error: failure ?? backend.handlerFailure.map { "a declared tool's handler failed: \($0)" },
            endMs: snapshot.clockMs)
    }

    /// The simulated customer's answer: the values it knows, or that it does not have them.
    static func answer(_ asked: [String], knows: [String: String]) -> String {
        let values = asked.compactMap { knows[$0] }
        return values.isEmpty ? "I don't have that." : values.joined(separator: ", ")
    }
}

extension ConversationBackend {
    func snapshotAuditCount() -> Int { auditCount }
}
