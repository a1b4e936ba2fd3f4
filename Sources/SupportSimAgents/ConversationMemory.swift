import Foundation
import Synchronization
import SupportSimCore
import SupportSimScoring

/// What the orchestrator remembers of one conversation between turns.
struct ConversationMemory: Sendable {
    enum Question: String, Sendable { case last4, email, orderID = "order_id" }

    var customerID: String?
    /// The visitor was identified only by the e-mail they gave: a claim anyone can make, so
    /// details that let a stranger track or reach the customer are not shared until verified.
    var identifiedByClaim = false
    var tier: String?
    var profileLoaded = false
    var verified = false
    var verificationFailed = false
    var entities = Entities()
    var intents: [String] = []
    /// The question the last reply asked, and the intent to resume once it is answered.
    var pendingQuestion: Question?
    var pendingIntent: String?
    var askedFacts: [Question] = []
    /// Successful operations so far, for hand-off context.
    var actionsTaken: [String] = []
    var lowConfidenceTurns = 0
    var negativeTurns = 0
    var firstMessage = ""
    /// Everything the backends told the agent, for the validation step's grounding.
    var evidence: Evidence
    var customerMessages: [String] = []

    init(customerID: String?, evidence: Evidence) {
        self.customerID = customerID
        self.evidence = evidence
    }
}

/// Conversation memories by conversation id; several conversations run at once.
final class MemoryStore: Sendable {
    private let memories = Mutex<[String: ConversationMemory]>([:])

    /// Takes the memory out for the turn, so that the turn's changes never copy it.
    func take(_ conversation: String) -> ConversationMemory? { memories.withLock { $0.removeValue(forKey: conversation) } }
    func save(_ memory: ConversationMemory, for conversation: String) { memories.withLock { $0[conversation] = memory } }
    func forget(_ conversation: String) { _ = memories.withLock { $0.removeValue(forKey: conversation) } }
}
