import Foundation
import SupportSimCore

/// The built-in multi-agent support system: an orchestrator that runs each turn through the
/// intent agent, the CRM, billing, orders, ticket and knowledge agents, the escalation agent and
/// the validation agent, and keeps each conversation's memory between turns. Everything it
/// knows of a suite comes from its policies and public catalogue; nothing is scenario-specific.
public struct ReferenceAgent: SupportAgent {
    let classifier: IntentClassifier
    let policies: PolicyBook
    let catalogue: Catalogue
    let validation: ValidationAgent
    /// Intents only the suite declares (outages, data caps…): answered from its knowledge base.
    let suiteIntents: Set<String>
    /// The suite's record id formats, learned from its world.
    let shapes: IdentifierShapes
    let memories = MemoryStore()
    /// What each distinct customer message says, read once: classifying, extracting and scoring
    /// sentiment depend on its text alone, and a suite's scripted messages come back in every
    /// trial (the figures are the same either way; `ReferenceAgentTests` holds them to it).
    let readings = BoundedMemo<String, MessageReading>()

    /// A customer message as the intent agent reads it, before the conversation's context.
    struct MessageReading: Sendable {
        var entities: Entities
        var prediction: IntentClassifier.Prediction
        var sentiment: Double
        var informational: Bool
        /// The intent agent's trace line, and the confidence as the reply reports it (two places):
        /// formatting them is a tenth of the agent's own time otherwise.
        var note: String
        var reportedConfidence: Decimal?
    }

    func read(_ message: String) -> MessageReading {
        readings.value(message) { m in
            let prediction = Self.informationalReading(classifier.ranked(m), message: m, suiteIntents: suiteIntents)
            let sentiment = Sentiment.score(m)
            return MessageReading(
                entities: EntityExtractor.extract(m, shapes: shapes), prediction: prediction, sentiment: sentiment,
                informational: Self.isInformationalQuestion(m),
                note: "\(prediction.intent) (confidence \(String(format: "%.2f", prediction.confidence))), sentiment \(String(format: "%.2f", sentiment))",
                reportedConfidence: Self.reported(prediction.confidence))
        }
    }

    static func reported(_ confidence: Double) -> Decimal? { Decimal(string: String(format: "%.2f", confidence)) }

    /// Below this the intent agent is not sure what the customer wants.
    static let lowConfidence = 0.35
    /// Below this no action is taken on the intent alone.
    static let actionConfidence = 0.5
    /// Intents whose handling writes to a backend or sends something to the customer.
    static let sideEffectIntents: Set<String> = [
        "account.password_reset", "account.update_details", "order.cancel", "order.return", "order.problem",
        "billing.cancel_subscription", "billing.change_plan", "billing.refund_request", "billing.double_charge",
        "account.close",
    ]

    /// Intents that look the customer's records up: on a guess (below `lowConfidence`) the
    /// knowledge base answers rather than asking who the customer is for a lookup nobody asked for.
    static let lookupIntents: Set<String> = ["order.status", "billing.invoice", "billing.payment_failed"]

    /// "How do I restart my router?", "Do your plans have data caps?": a question about how
    /// things work, not a request to do something.
    static func isInformationalQuestion(_ message: String) -> Bool {
        // The question itself, after any lead-in ("Quick one - what day ...?", "Hi, is there ...?").
        guard let question = message.lowercased().split(whereSeparator: { ".!\n".contains($0) })
            .last(where: { $0.contains("?") }).map({ String($0[...$0.lastIndex(of: "?")!]) }) else { return false }
        let lower = question.trimmingCharacters(in: .whitespaces)
        // Where the question may begin: the start, or after a dash, comma, colon or semicolon.
        let clauses = lower.split(omittingEmptySubsequences: false, whereSeparator: { "-–,:;".contains($0) })
        let starts = clauses.indices.map { clauses[$0...].joined(separator: ",").trimmingCharacters(in: .whitespaces) }
        let asks = ["how do i ", "how do you ", "how can i ", "what is ", "what are ", "what's ", "do you ", "do your ",
                    "does ", "is there ", "are there ", "are your ", "is your ", "what day ", "when do you ", "how long ",
                    "how much does ", "is something ", "is anything ", "any ", "which "]
        let requests = ["please", "i want", "i'd like", "i would like", "can you", "could you", "my order", "my account",
                        "my card", "my subscription", "my password", "refund me", "cancel my", "charged"]
        return starts.contains { start in asks.contains { start.hasPrefix($0) } } && !requests.contains { lower.contains($0) }
    }

    /// Intents answered from the knowledge base: what the customer may be asking about when the
    /// message only asks how something works.
    static let knowledgeIntents: Set<String> = ["product.question", "tech.troubleshooting"]

    /// A question about how something works ("the kettle came, which lid goes on first?") is not a request to act:
    /// when the classifier's best reading of one is an action, the answer is the most likely of
    /// the intents that are answered from the knowledge base (the built-in product and
    /// troubleshooting questions and the suite's own topics), its confidence renormalised over
    /// them. So is a lookup guessed below `lowConfidence`, which is answered from the knowledge
    /// base too ("any trouble with the service near me?" is not an order-status question because
    /// its numbers look like an order's). A message that names an action outright (a cue
    /// matched) keeps its reading.
    static func informationalReading(_ ranked: [IntentClassifier.Prediction], message: String,
                                     suiteIntents: Set<String>) -> IntentClassifier.Prediction {
        guard let best = ranked.first else { return ranked[0] }
        let askedAboutAnAction = sideEffectIntents.contains(best.intent) && isInformationalQuestion(message)
        let guessedLookup = lookupIntents.contains(best.intent) && best.confidence < lowConfidence
        guard askedAboutAnAction || guessedLookup,
              !IntentCue.standard.contains(where: { $0.intent == best.intent && $0.matches(message) }) else { return best }
        let answerable = ranked.filter { knowledgeIntents.contains($0.intent) || suiteIntents.contains($0.intent) }
        let mass = answerable.map(\.confidence).reduce(0, +)
        // Only a close reading (among the three best): a distant one is no better than the
        // action's own family, whose question is then answered from the knowledge base anyway.
        guard let reading = answerable.first, mass > 0, ranked.prefix(3).contains(reading) else { return best }
        return IntentClassifier.Prediction(intent: reading.intent, confidence: reading.confidence / mass)
    }

    /// - Parameter classifier: the intent model; when the suite declares intents with example
    ///   utterances (`intents:` in supportsim.yml), they are learned beside the built-in ones.
    public init(suite: Suite, classifier: IntentClassifier = .shared) {
        let declared = (suite.config.intents ?? [:]).sorted { $0.key < $1.key }
            .flatMap { intent, utterances in utterances.map { IntentClassifier.Example(intent: intent, text: $0) } }
        self.classifier = declared.isEmpty ? classifier
            : IntentClassifier(examples: IntentClassifier.trainingExamples + Self.weighted(declared))
        self.suiteIntents = Set(declared.map(\.intent)).subtracting(IntentClassifier.shared.intents)
        self.policies = PolicyBook(policies: suite.policies)
        self.catalogue = Catalogue(world: suite.world)
        self.shapes = IdentifierShapes(world: suite.world)
        self.validation = ValidationAgent(policies: policies, groundedFacts: suite.config.groundedFacts,
                                          year: ISODate.year(of: suite.config.clockStart))
    }

    /// A suite's examples are its company's own words, and a handful of them would be outvoted by
    /// the dozens of built-in examples of each intent: an intent the suite adds is counted as
    /// often as a typical built-in one (its examples repeated, at least three times each); the
    /// suite's examples of a built-in intent count twice, beside the built-in ones.
    static func weighted(_ declared: [IntentClassifier.Example]) -> [IntentClassifier.Example] {
        let grouped = Dictionary(grouping: IntentClassifier.trainingExamples, by: \.intent)
        let builtIn = grouped.values.map(\.count).sorted()
        let typical = builtIn.isEmpty ? 30 : builtIn[builtIn.count / 2]
        let counts = Dictionary(grouping: declared, by: \.intent).mapValues(\.count)
        return declared.flatMap { e in
            let times = grouped[e.intent] != nil ? 2 : max(3, Int((Double(typical) / Double(counts[e.intent] ?? 1)).rounded(.up)))
            return Array(repeating: e, count: times)
        }
    }

    public func endConversation(_ conversation: String) async { memories.forget(conversation) }

    public func respond(to turn: TurnInput, tools: any ToolGateway) async throws -> AgentReply {
        var memory = memories.take(turn.conversation) ?? ConversationMemory(customerID: turn.customerID, evidence: validation.facts)
        // An empty message has no intent to classify: ask, rather than guess and act.
        // A message of punctuation alone ("?", "...") says no more than an empty one.
        if !turn.message.contains(where: { $0.isLetter || $0.isNumber }) {
            memories.save(memory, for: turn.conversation)
            return AgentReply(text: "It looks like your message came through without any words. What can I help you with today?",
                              intent: "other", confidence: 0,
                              trace: [TraceStep(agent: Specialist.orchestrator.rawValue, decision: "empty message: asked what the customer needs")])
        }
        if memory.firstMessage.isEmpty { memory.firstMessage = turn.message }
        memory.customerMessages.append(turn.message)
        memory.evidence.add(text: turn.message, source: "customer")
        let reading = read(turn.message)
        var found = reading.entities
        // Digits answer a question that asked for them, whatever else the message says.
        if memory.pendingQuestion == .last4, found.last4 == nil, found.fourDigitNumbers.count == 1 {
            found.last4 = found.fourDigitNumbers.first
        }
        memory.entities.merge(found)
        let prediction = reading.prediction
        let sentiment = reading.sentiment
        let ctx = TurnContext(input: turn, tools: tools, policies: policies, memory: memory,
                              intent: prediction.intent, confidence: prediction.confidence)
        ctx.note(.intent, reading.note)
        if found.cardNumbers > 0 { ctx.note(.intent, "the message contains a card number: it will not be repeated") }

        // An answer to the question the last reply asked resumes what the customer wanted.
        if let question = memory.pendingQuestion, let pending = memory.pendingIntent {
            let answered = question == .last4 ? found.last4 != nil : question == .email ? !found.emails.isEmpty : !found.orderIDs.isEmpty
            let changedSubject = !answered && prediction.confidence > 0.8 && !["other", "smalltalk.thanks"].contains(prediction.intent)
                && prediction.intent != pending && !prediction.intent.hasPrefix("smalltalk.")
            if !changedSubject {
                ctx.intent = pending
                ctx.confidence = 1
                ctx.note(.orchestrator, answered ? "the customer answered the \(question.rawValue) question: resuming \(pending)"
                                                 : "the customer could not answer the \(question.rawValue) question")
            }
            ctx.memory.pendingQuestion = nil
            ctx.memory.pendingIntent = nil
        }
        if ctx.confidence < Self.lowConfidence { ctx.memory.lowConfidenceTurns += 1 } else { ctx.memory.lowConfidenceTurns = 0 }
        if sentiment < -0.3 { ctx.memory.negativeTurns += 1 }
        ctx.memory.intents.append(ctx.intent)

        var draft = await route(ctx, message: turn.message, sentiment: sentiment)
        if let held = ctx.heldWrite {
            // The gateway held a protected write: verify now (or ask for the fact), then let the
            // specialist do its work again, once, with the identity verified.
            ctx.heldWrite = nil
            switch await AccountAgent(policies: policies).verify(ctx, before: held) {
            case .blocked(let ask):
                draft = ask
            case .open:
                ctx.note(.orchestrator, "identity verified: resuming \(held)")
                draft = await route(ctx, message: turn.message, sentiment: sentiment)
            }
        }
        draft = validation.review(draft, ctx)
        if let q = draft.question {
            ctx.memory.pendingQuestion = q
            ctx.memory.pendingIntent = ctx.intent
            ctx.memory.askedFacts.append(q)
        }
        memories.save(ctx.memory, for: turn.conversation)
        return AgentReply(text: draft.text, intent: ctx.intent, confidence: ctx.confidence == prediction.confidence ? reading.reportedConfidence : Self.reported(ctx.confidence),
                          citations: ctx.citations, trace: ctx.trace)
    }

    private func route(_ ctx: TurnContext, message: String, sentiment: Double) async -> Draft {
        let account = AccountAgent(policies: policies)
        let knowledge = KnowledgeAgent()
        let escalation = EscalationAgent(policies: policies)
        let billing = BillingAgent(policies: policies, account: account, catalogue: catalogue)
        let orders = OrdersAgent(account: account, catalogue: catalogue)

        await account.loadProfile(ctx)
        let lower = message.lowercased()
        let policyMentioned = policies.mustEscalate.contains { rule in rule.mentions.contains { lower.contains($0.lowercased()) } }
        let guessedLookup = Self.lookupIntents.contains(ctx.intent) && ctx.confidence < Self.lowConfidence
        if Self.sideEffectIntents.contains(ctx.intent) || guessedLookup, ctx.memory.pendingIntent == nil, !policyMentioned,
            ctx.confidence < Self.actionConfidence || read(message).informational
        {
            // Not sure what the customer wants, or they are only asking how something works:
            // answer from the knowledge base, and take no action (or hand-off) nobody asked for.
            ctx.note(.orchestrator, "\(ctx.intent) is uncertain (confidence \(String(format: "%.2f", ctx.confidence))) or only asked about: "
                     + "answering from the knowledge base, no action")
            return await knowledge.answer(ctx, query: message, steeredByIntent: false)
        }
        if let decision = escalation.decide(ctx, message: message, sentiment: sentiment) {
            return await escalation.handOff(ctx, decision, lead: ctx.intent.hasPrefix("complaint.") || ctx.intent.hasPrefix("legal.")
                                                ? "I'm sorry about this experience." : nil)
        }
        ctx.note(.orchestrator, "routing \(ctx.intent)")
        func outcome(_ o: BillingAgent.Outcome) async -> Draft {
            switch o {
            case .reply(let d): return d
            case .escalate(let reason, let priority, let summary, let next, let lead):
                return await escalation.handOff(ctx, .init(reason: reason, priority: priority, nextStep: next), summary: summary, lead: lead)
            }
        }
        switch ctx.intent {
        case "billing.double_charge": return await outcome(billing.doubleCharge(ctx))
        case "billing.refund_request": return await outcome(billing.refund(ctx, knowledge: knowledge))
        case "billing.invoice": return await billing.invoice(ctx)
        case "billing.payment_failed": return await billing.paymentFailed(ctx)
        case "billing.change_plan": return await billing.changePlan(ctx, message: message)
        case "billing.cancel_subscription": return await billing.cancelSubscription(ctx)
        case "account.password_reset": return await account.passwordReset(ctx)
        case "account.update_details": return await account.updateDetails(ctx, message: message)
        case "order.status": return await orders.status(ctx)
        case "order.cancel": return await orders.cancel(ctx)
        case "order.return": return await orders.returnItems(ctx, knowledge: knowledge)
        case "order.problem": return await orders.problem(ctx, message: message)
        case "product.availability": return await orders.availability(ctx, message: message, knowledge: knowledge)
        case "product.question", "tech.troubleshooting": return await knowledge.answer(ctx, query: message)
        case "complaint.service": return await complaint(ctx, message: message)
        case "smalltalk.greeting": return Draft("Hello! I'm the virtual assistant. How can I help you today?")
        case "smalltalk.thanks": return Draft("You're welcome! I'm glad I could help.")
        case "smalltalk.goodbye": return Draft("Goodbye, and have a great day!")
        case let intent where suiteIntents.contains(intent):
            // A topic of this company's own: what its knowledge base says, and no action.
            return await knowledge.answer(ctx, query: message)
        default:
            return Draft("I'm not able to help with that, but I can help with your orders, billing, account and our products.")
        }
    }

    private func complaint(_ ctx: TurnContext, message: String) async -> Draft {
        var d = Draft("I'm sorry about your experience, and thank you for telling us.")
        if let id = ctx.memory.customerID {
            let r = await ctx.call(.crm, "crm.log_interaction", ["customer_id": .string(id), "summary": .string(String(message.prefix(300))),
                                                                  "intent": "complaint.service", "outcome": "apologised; feedback recorded"])
            if let ref = r.result?["id"]?.stringValue {
                d.sentences.append("I've recorded your feedback (reference \(ref)) so the team can follow up and put it right.")
            }
        }
        return d
    }
}
