import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimTau

/// An agent that knows the tool outputs a recorded episode got (the replay agent), so a run can
/// say how many of them SupportSim's port reproduced.
public protocol RecordedToolOutputs: Sendable {
    func recordedToolOutputs(scenario: String) -> [String]?
}

/// Plays a tau scenario under tau-bench's episode rules: the customer messages in order until one
/// holds `###STOP###` (the recorded ones, then, with a customer model, the model's from the
/// task's instruction), the agent's tool calls through tau-bench's environment, the end at a
/// terminating tool or 30 actions, and the reward as tau-bench computes it.
public struct TauEpisodePlayer: ConversationPlaying {
    public let suite: Suite
    public let data: TauSuiteData
    public let agent: any SupportAgent
    public let turnTimeoutMs: Int
    /// Plays the customer of tasks without a recording; nil: they are not played.
    public let customer: (any CustomerSimulator)?

    public init(suite: Suite, data: TauSuiteData, agent: any SupportAgent, customer: (any CustomerSimulator)? = nil) {
        self.suite = suite
        self.customer = customer
        self.data = data
        self.agent = agent
        self.turnTimeoutMs = suite.config.turnTimeoutMs
    }

    public func play(_ scenario: Scenario, trial: Int, world: World?) async -> ConversationRecord {
        let conversation = "\(scenario.id)#\(trial)"
        let start = suite.config.clockStart
        func finished(_ transcript: [TranscriptEntry], _ audit: [AuditEntry], end: EndReason, error: String?,
                      handoff: Handoff? = nil, handoffTurn: Int? = nil, tau: TauEpisodeOutcome? = nil) -> ConversationRecord {
            var record = ConversationRecord(scenario: scenario, trial: trial, conversationID: conversation, start: start,
                                            transcript: transcript, audit: audit, finalWorld: World(), handoff: handoff,
                                            handoffTurn: handoffTurn,
                                            endReason: end, error: error, endMs: 0)
            record.tau = tau
            return record
        }
        guard let ref = scenario.tau, let task = data.task(ref.taskID) else {
            let id = scenario.tau.map { String($0.taskID) } ?? "none"
            return finished([], [], end: .agentError, error: "tau task \(id) is not in the suite's tasks.json (\(data.tasks.count) tasks)")
        }
        // The task's instruction is the model-driven customer's goal, as in tau-bench.
        let brief = scenario.customerModel.map {
            CustomerBrief(goal: scenario.goal ?? task.instruction, endpoint: $0, style: .tauInstruction)
        }
        guard !scenario.turns.isEmpty || (brief != nil && customer != nil) else {
            return finished([], [], end: .agentError, error: "not played: this tau task has no recorded customer turns and needs a "
                            + "model-driven customer to play its instruction; none is configured (customer_model: in supportsim.yml)")
        }
        let gateway = TauGateway(domain: data.domain, data: data.initial, faults: scenario.faults, start: start)
        var transcript: [TranscriptEntry] = []
        var failure: String?
        var lastTurn = 0
        var customerUsage: TokenUsage?
        var index = 0
        while true {
            defer { index += 1 }
            let message: String
            let scripted = index < scenario.turns.count
            if scripted {
                message = scenario.turns[index].customer
            } else if let brief, let customer, index < scenario.maxTurns ?? suite.config.customerMaxTurns ?? TauEnvironment.maxSteps {
                let site = ModelCallSite(conversation: conversation, scenario: scenario.id, turn: index)
                do {
                    switch try await customer.next(brief, transcript: transcript, at: site) {
                    case .say(let text, let usage):
                        message = text
                        customerUsage = Self.adding(usage, to: customerUsage)
                    case .stop(let usage):
                        message = TauEnvironment.stopToken
                        customerUsage = Self.adding(usage, to: customerUsage)
                    }
                } catch {
                    failure = "turn \(index): the customer model failed: \(error)"
                    break
                }
            } else {
                break
            }
            lastTurn = index
            transcript.append(TranscriptEntry(speaker: .customer, text: message, atMs: 0, turn: index,
                                              scriptedTurn: min(index, scenario.turns.count), scripted: scripted))
            gateway.customerSaid(message)
            if gateway.episodeEnded { break }
            let input = TurnInput(conversation: conversation, scenario: scenario.id, turn: index, channel: scenario.channel,
                                  customerID: scenario.customer, message: message, now: start)
            let firstCall = gateway.auditCount + 1
            do {
                let agent = self.agent
                let timeout = turnTimeoutMs
                let reply = try await withTimeout(ms: timeout, { "the agent did not reply within \(timeout) ms" }) {
                    try await agent.respond(to: input, tools: gateway)
                }
                let ended = gateway.episodeEnded
                if !ended { gateway.respond(reply.text) }
                if !ended || !reply.text.isEmpty {
                    transcript.append(TranscriptEntry(speaker: .agent, text: reply.text, atMs: 0, turn: index,
                                                      scriptedTurn: min(index, scenario.turns.count), scripted: scripted,
                                                      reply: reply, auditRange: firstCall..<(gateway.auditCount + 1)))
                }
            } catch {
                failure = "turn \(index): \(error)"
                break
            }
            if gateway.episodeEnded { break }
        }
        await agent.endConversation(conversation)
        let env = gateway.environment
        let reward = TauReward.compute(task: task, environment: env, gold: data.gold.state(task: task, id: ref.taskID), rule: data.rule)
        var matched = 0, total = 0
        if let recorded = (agent as? any RecordedToolOutputs)?.recordedToolOutputs(scenario: scenario.id) {
            total = recorded.count
            for (a, b) in zip(recorded, gateway.observations) where a == b { matched += 1 }
        }
        let outcome = TauEpisodeOutcome(
            // tau-bench numbers trials from 0; a run's trials count from 1.
            taskID: ref.taskID, trial: ref.trial ?? trial - 1, reward: Decimal(reward.reward), recordedReward: ref.recordedReward,
            outputsMatched: matched, outputsTotal: total, databaseMatched: reward.databaseMatched,
            outputs: Dictionary(reward.outputs.map { ($0.output, $0.said) }, uniquingKeysWith: { a, b in a || b }),
            end: env.end?.rawValue ?? "not-ended", steps: env.steps)
        var handoff: Handoff?
        var handoffTurn: Int?
        let endReason: EndReason
        switch env.end {
        case .transferred:
            let summary = env.actions.last(where: { $0.name == "transfer_to_human_agents" })?.kwargs["summary"]?.stringValue ?? ""
            handoff = Handoff(reason: "transfer_to_human_agents", priority: "normal", summary: summary)
            handoffTurn = lastTurn
            endReason = .escalated
        case .stepLimit: endReason = .replyLimit
        case .customerStopped, nil: endReason = failure == nil ? .scriptDone : .agentError
        }
        var record = finished(transcript, gateway.audit, end: endReason, error: failure, handoff: handoff,
                              handoffTurn: handoffTurn, tau: outcome)
        record.customerUsage = customerUsage
        return record
    }

    static func adding(_ usage: TokenUsage?, to total: TokenUsage?) -> TokenUsage? {
        guard let usage else { return total }
        return TokenUsage(inputTokens: (total?.inputTokens ?? 0) + usage.inputTokens,
                          outputTokens: (total?.outputTokens ?? 0) + usage.outputTokens)
    }
}
