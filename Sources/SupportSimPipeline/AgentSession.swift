import SupportSimCore

/// An agent started for the length of a body and stopped after it, whatever the body throws:
/// an exec agent is a child process, an http agent a server's listener; neither may outlive the
/// run that started it, even one that ends in an error.
enum AgentSession {
    static func with<T>(_ agent: any SupportAgent, _ body: () async throws -> T) async throws -> T {
        do {
            try await agent.start()
        } catch {
            // A start that failed halfway (a child that began) is cleaned up all the same.
            await agent.stop()
            throw RunFailure.harnessFailure("the agent could not start: \(error)")
        }
        let value: T
        do {
            value = try await body()
        } catch {
            await agent.stop()
            throw error
        }
        await agent.stop()
        return value
    }
}
