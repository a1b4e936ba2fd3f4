import Foundation
import SupportSimCore
import SupportSimTau

/// The agent of a recorded tau-bench episode, played again (`--agent replay:FILE`): for the
/// customer's k-th message it makes the tool calls the recording made after that message (only
/// the first call of a message, as tau-bench ran them) and gives the reply the recording gave.
/// It works for any trajectory file in tau-bench's format; scenarios find their episode by
/// their `tau:` task and trial.
public struct ReplayAgent: SupportAgent, RecordedToolOutputs {
    struct Step: Sendable {
        var toolName: String?
        var arguments: String
        var reply: String
    }

    /// Per episode: the agent's steps after each customer message, and the recorded tool outputs.
    struct Script: Sendable {
        var segments: [[Step]]
        var toolOutputs: [String]
    }

    private let scripts: [String: Script]
    public let file: String
    public var chargesWallTime: Bool { false }

    /// - Parameter episodesFile: the trajectory file; scenarios are matched by `tau.task_id` and
    ///   `tau.trial`.
    public init(episodesFile: URL, scenarios: [Scenario]) throws {
        self.file = episodesFile.path
        let episodes = try TauEpisode.load(episodesFile)
        var byKey: [String: TauEpisode] = [:]
        for e in episodes { byKey[Self.key(task: e.taskID, trial: e.trial)] = byKey[Self.key(task: e.taskID, trial: e.trial)] ?? e }
        var scripts: [String: Script] = [:]
        for s in scenarios {
            guard let ref = s.tau, let episode = byKey[Self.key(task: ref.taskID, trial: ref.trial ?? 0)] else { continue }
            scripts[s.id] = Self.script(episode)
        }
        self.scripts = scripts
    }

    static func key(task: Int, trial: Int) -> String { "task-\(task)/trial-\(trial)" }

    static func script(_ episode: TauEpisode) -> Script {
        var segments: [[Step]] = []
        var outputs: [String] = []
        for m in episode.messages {
            switch m.role {
            case .system: continue
            case .user: segments.append([])
            case .assistant:
                if segments.isEmpty { segments.append([]) }
                let call = m.toolCalls.first
                segments[segments.count - 1].append(Step(toolName: call?.name, arguments: call?.arguments ?? "{}",
                                                         reply: m.content ?? ""))
            case .tool: outputs.append(m.content ?? "")
            }
        }
        return Script(segments: segments, toolOutputs: outputs)
    }

    public func recordedToolOutputs(scenario: String) -> [String]? { scripts[scenario]?.toolOutputs }

    public func start() async throws {}
    public func stop() async {}
    public func endConversation(_ conversation: String) async {}

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        guard let script = scripts[turn.scenario] else {
            throw ReplayError("no recorded episode in \(file) for scenario \(turn.scenario) (matched by its tau task_id and trial)")
        }
        guard script.segments.indices.contains(turn.turn) else { return AgentReply(text: "") }
        let episode = tools as? any EpisodeToolGateway
        for step in script.segments[turn.turn] {
            if episode?.episodeEnded == true { break }
            guard let name = step.toolName else { return AgentReply(text: step.reply) }
            if let episode {
                _ = await episode.call(name, argumentsJSON: step.arguments)
            } else {
                let args = (try? JSONValue.parse(step.arguments))?.objectValue ?? [:]
                _ = await tools.call(name, args)
            }
        }
        return AgentReply(text: "")
    }
}

public struct ReplayError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
