import Foundation
import SupportSimCore

public struct ReferenceAgent: SupportAgent {
    public init(suite: Suite) {}
    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        AgentReply(text: "Hello")
    }
}
