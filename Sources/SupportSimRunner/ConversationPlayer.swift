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
/// the end conditions and timeouts of scenarios.md, all on the conversation's virtual clock. A
/// scenario with a `goal:` goes on after its scripted turns with a model writing the customer's
/// messages until it stops (`###STOP###`) or reaches `max_turns`.
public struct ConversationPlayer: ConversationPlaying {
    public static let maxUnscriptedReplies = 20

    public let suite: Suite
    public let agent: any SupportAgent
    public let turnTimeoutMs: Int
    /// Writes the customer's messages in scenarios with a goal; nil: they are not played.
    public let customer: (any CustomerSimulator)?
    /// The suite's declared tools by name, answered by each conversation's backend.
    let declared: [String: DeclaredTool]

    public init(suite: Suite, agent: any SupportAgent, turnTimeoutMs: Int? = nil, customer: (any CustomerSimulator)? = nil) {
        self.suite = suite
        self.agent = agent
        self.customer = customer
        self.turnTimeoutMs = turnTimeoutMs ?? suite.config.turnTimeoutMs
        self.declared = Dictionary(suite.declaredTools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func play(_ scenario: Scenario, trial: Int, world: World? = nil) async -> ConversationRecord {
        let config = suite.config
        let backend = ConversationBackend(world: world ?? suite.world.overlaid(with: scenario.world), faults: scenario.faults,
                                          latencyMs: config.latencyMs, start: config.clockStart, declared: declared,
                                          handlerDirectory: suite.root)
        var play = Exchange(scenario: scenario, conversation: "\(scenario.id)#\(trial)", backend: backend, config: config,
                            agent: agent, turnTimeoutMs: turnTimeoutMs)
        let brief = scenario.customerBrief
        if scenario.goal != nil, brief == nil || customer == nil {
            play.endReason = .agentError
            play.failure = "not played: this scenario's goal needs a model to play the customer, and none is configured "
                + "(customer_model: in supportsim.yml or the scenario)"
        } else {
            await playScript(&play, modelDriven: brief != nil)
            if let brief, let customer, play.endReason == .scriptDone {
                await playModelCustomer(&play, brief: brief, customer: customer,
                                        maxTurns: scenario.maxTurns ?? config.customerMaxTurns ?? 10)
            }
        }
        await agent.endConversation(play.conversation)
        let snapshot = backend.snapshot()
        var record = ConversationRecord(
            scenario: scenario, trial: trial, conversationID: play.conversation, start: config.clockStart,
            transcript: play.transcript, audit: snapshot.audit, finalWorld: snapshot.world, handoff: play.handoff,
            handoffTurn: play.handoffTurn, endReason: play.endReason,
            error: play.failure ?? backend.handlerFailure.map { "a declared tool's handler failed: \($0)" },
            endMs: snapshot.clockMs)
        record.customerUsage = play.customerUsage
        return record
    }

    /// The scripted turns; the simulated customer answers the agent's questions from `knows`,
    /// except in a model-driven scenario, whose model answers them once the script is done.
    func playScript(_ play: inout Exchange, modelDriven: Bool) async {
        let config = suite.config
        let knownFacts = Array(play.scenario.knows.keys)
        for (index, turn) in play.scenario.turns.enumerated() {
            if index > 0 { play.backend.advance(ms: config.customerThinkMs) }
            var message = turn.customer
            var scripted = true
            var unscripted = 0
            while true {
                guard let reply = await play.exchange(message, scriptedTurn: index, scripted: scripted) else { return }
                if modelDriven { break }
                let asked = FactRequests.asked(in: reply.text, extra: knownFacts)
                if asked.isEmpty { break }
                unscripted += 1
                if unscripted >= Self.maxUnscriptedReplies {
                    play.endReason = .replyLimit
                    return
                }
                message = Self.answer(asked, knows: play.scenario.knows)
                scripted = false
                play.backend.advance(ms: config.customerThinkMs)
            }
        }
    }

    /// After the script: the model writes each customer message from the conversation so far.
    /// Its messages belong to no scripted turn (`scripted_turn` is one past the last).
    func playModelCustomer(_ play: inout Exchange, brief: CustomerBrief, customer: any CustomerSimulator, maxTurns: Int) async {
        let simulatedTurn = play.scenario.turns.count
        while true {
            if play.customerTurn >= maxTurns {
                play.endReason = .turnLimit
                return
            }
            if !play.transcript.isEmpty { play.backend.advance(ms: suite.config.customerThinkMs) }
            let site = ModelCallSite(conversation: play.conversation, scenario: play.scenario.id, turn: play.customerTurn)
            let move: CustomerMove
            do {
                let transcript = play.transcript
                let timeout = turnTimeoutMs
                move = try await withTimeout(ms: timeout, { "the customer model did not answer within \(timeout) ms" }) {
                    try await customer.next(brief, transcript: transcript, at: site)
                }
            } catch {
                play.failure = "turn \(play.customerTurn): the customer model failed: \(error)"
                play.endReason = .agentError
                return
            }
            switch move {
            case .stop(let usage):
                play.addCustomerUsage(usage)
                play.endReason = .customerStopped
                return
            case .say(let text, let usage):
                play.addCustomerUsage(usage)
                guard await play.exchange(text, scriptedTurn: simulatedTurn, scripted: false) != nil else { return }
            }
        }
    }

    /// The simulated customer's answer: the values it knows, or that it does not have them.
    static func answer(_ asked: [String], knows: [String: String]) -> String {
        let values = asked.compactMap { knows[$0] }
        return values.isEmpty ? "I don't have that." : values.joined(separator: ", ")
    }
}
