import ArgumentParser
import Foundation
import SupportSimAdapters
import SupportSimAgents
import SupportSimCore

enum AgentFactory {
    /// `reference`, `exec:COMMAND ARGS`, `http:URL`.
    static func parse(_ text: String) throws -> AgentSpec {
        if text == "reference" { return .reference }
        if text.hasPrefix("exec:") {
            let argv = text.dropFirst(5).split(separator: " ").map(String.init)
            guard !argv.isEmpty else { throw ValidationError("--agent exec: needs a command, e.g. exec:\"python3 agent.py\"") }
            return .exec(argv)
        }
        if text.hasPrefix("http:") || text.hasPrefix("https:") {
            return .http(text.hasPrefix("http:http") ? String(text.dropFirst(5)) : text)
        }
        throw ValidationError("unknown agent \"\(text)\"; expected reference, exec:COMMAND or http:URL")
    }

    /// - Parameter execMaxLineBytes: the longest stdout line an exec agent may write.
    static func make(_ spec: AgentSpec, suite: Suite, execMaxLineBytes: Int = 8 << 20) throws -> any SupportAgent {
        switch spec {
        case .reference:
            return ReferenceAgent(suite: suite)
        case .exec(let argv):
            return ExecAgent(command: argv, workingDirectory: suite.root, maxLineBytes: execMaxLineBytes)
        case .http(let url):
            return HTTPAgent(url: url, timeoutMs: suite.config.turnTimeoutMs)
        case .openai(let spec):
            let prompt = spec.systemPromptFile.flatMap { try? String(contentsOf: suite.root.appendingPathComponent($0), encoding: .utf8) }
            return OpenAIAgent(spec: spec, policies: suite.policies, timeoutMs: suite.config.turnTimeoutMs, systemPrompt: prompt)
        case .named:
            throw AgentFailure("the \(spec) agent adapter is not available in this build yet; use --agent reference")
        }
    }
}
