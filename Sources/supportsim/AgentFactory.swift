import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimAgents
import SupportSimCore
import SupportSimServer
import SupportSimTauPlay

enum AgentFactory {
    /// `reference`, `exec:COMMAND ARGS`, `http:URL`.
    static func parse(_ text: String) throws -> AgentSpec {
        if text == "reference" { return .reference }
        if text.hasPrefix("exec:") {
            let argv = text.dropFirst(5).split(separator: " ").map(String.init)
            guard !argv.isEmpty else { throw ValidationError("--agent exec: needs a command, e.g. exec:\"python3 agent.py\"") }
            return .exec(argv)
        }
        if text.hasPrefix("replay:") {
            let file = String(text.dropFirst(7))
            guard !file.isEmpty else { throw ValidationError("--agent replay: needs a tau-bench trajectory file, e.g. replay:episodes.json") }
            // A path given on the command line is the caller's, relative to the working directory.
            return .replay(URL(fileURLWithPath: file).standardizedFileURL.path)
        }
        if text.hasPrefix("http:") || text.hasPrefix("https:") {
            return .http(text.hasPrefix("http:http") ? String(text.dropFirst(5)) : text)
        }
        throw ValidationError("unknown agent \"\(text)\"; expected reference, exec:COMMAND, http:URL or replay:FILE")
    }

    /// - Parameter execMaxLineBytes: the longest stdout line an exec agent may write.
    /// - Parameter tau: a tau suite's data: its tools.json is what a model is offered, its policy
    ///   the system prompt, as tau-bench gives them.
    /// - Parameter cassette: records or replays the openai agent's model calls.
    static func make(_ spec: AgentSpec, suite: Suite, tau: TauSuiteData? = nil, execMaxLineBytes: Int = 8 << 20,
                     cassette: ModelCassette? = nil) throws -> any SupportAgent {
        switch spec {
        case .reference:
            guard suite.config.domain == .support else {
                throw AgentFailure("the reference agent works on the support domain, and this suite's domain is "
                                   + "\(suite.config.domain.rawValue); use replay:FILE, exec:, http: or openai")
            }
            guard suite.declaredTools.isEmpty else {
                throw AgentFailure("the reference agent calls SupportSim's built-in operations, and this suite declares its "
                                   + "agent's own tools (\(suite.config.tools)/); run the agent written for them with "
                                   + "--agent exec:COMMAND, http:URL or openai")
            }
            return ReferenceAgent(suite: suite)
        case .replay(let file):
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : suite.root.appendingPathComponent(file)
            return try ReplayAgent(episodesFile: url, scenarios: suite.scenarios)
        case .exec(let argv):
            return ExecAgent(command: argv, workingDirectory: suite.root, maxLineBytes: execMaxLineBytes)
        case .http(let url):
            return HTTPAgent(url: url, timeoutMs: suite.config.turnTimeoutMs, tools: LoopbackToolEndpoint())
        case .openai(let spec):
            let prompt = spec.systemPromptFile.flatMap { try? String(contentsOf: suite.root.appendingPathComponent($0), encoding: .utf8) }
            return OpenAIAgent(spec: spec, policies: suite.policies, timeoutMs: suite.config.turnTimeoutMs,
                               systemPrompt: prompt ?? tau?.policy,
                               // A suite's declared tools are what its agent really calls: offered alone.
                               toolSchemas: tau?.toolSchemas
                                   ?? (suite.tools.declared.isEmpty ? nil : suite.tools.offered.map(\.functionSchema)),
                               cassette: cassette)
        case .named:
            throw AgentFailure("the \(spec) agent adapter is not available in this build yet; use --agent reference")
        }
    }
}
