import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimTau

/// An agent that knows the tool outputs a recorded episode got (the replay agent), so a run can
/// say how many of them SupportSim's port reproduced.
public protocol RecordedToolOutputs: Sendable {
    func recordedToolOutputs(scenario: String) -> [String]?
}

/// Plays a tau scenario under tau-bench's episode rules: the scripted customer messages in
/// order until one holds `###STOP###`, the agent's tool calls through tau-bench's environment,
/// the end at a terminating tool or 30 actions, and the reward as tau-bench computes it.
public struct TauEpisodePlayer: ConversationPlaying {
    public let suite: Suite
    public let data: TauSuiteData
    public let agent: any SupportAgent
    public let turnTimeoutMs: Int

    public init(suite: Suite, data: TauSuiteData, agent: any SupportAgent) {
        self.suite = suite
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
        guard !scenario.turns.isEmpty else {
            return finished([], [], end: .agentError, error: "not played: this tau task has no recorded customer turns and needs a "
                            + "model-driven customer to play its instruction; none is configured")
        }
        let gateway = TauGateway(domain: data.domain, data: data.initial, faults: scenario.faults, start: start)
        var transcript: [TranscriptEntry] = []
        var failure: String?
        var lastTurn = 0
        for (index, turn) in scenario.turns.enumerated() {
            lastTurn = index
            transcript.append(TranscriptEntry(speaker: .customer, text: turn.customer, atMs: 0, turn: index,
                                              scriptedTurn: index, scripted: true))
            gateway.customerSaid(turn.customer)
            if gateway.episodeEnded { break }
            let input = TurnInput(conversation: conversation, scenario: scenario.id, turn: index, channel: scenario.channel,
                                  customerID: scenario.customer, message: turn.customer, now: start)
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
                    transcript.append(TranscriptEntry(speaker: .agent, text: reply.text, atMs: 0, turn: index, scriptedTurn: index,
                                                      scripted: true, reply: reply, auditRange: firstCall..<(gateway.auditCount + 1)))
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
        return finished(transcript, gateway.audit, end: endReason, error: failure, handoff: handoff, handoffTurn: handoffTurn,
                        tau: outcome)
    }
}
