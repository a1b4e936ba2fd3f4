/// Where an agent behind a network endpoint calls its tools during a run (agent-protocol.md,
/// `tools_url`). The harness registers each conversation's gateway while one of its turns is in
/// flight. It is a protocol so that the adapters need not know the server that implements it
/// (`LoopbackToolEndpoint` in SupportSimServer): the command wires the two together.
public protocol ToolEndpoint: Sendable {
    /// Starts listening; returns the base URL given to the agent as `tools_url`.
    func start() async throws -> String
    /// Stops listening; calls in flight end.
    func stop() async
    func register(_ conversation: String, _ tools: any ToolGateway)
    func unregister(_ conversation: String)
}
