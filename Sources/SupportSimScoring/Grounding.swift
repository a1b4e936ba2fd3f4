import Foundation
import SupportSimCore
import Synchronization

/// Finds the claims of each agent reply that nothing available to the agent at that moment
/// supports (metrics.md): the backend results returned so far, the full text of every article
/// that `kb.search` or `kb.get_article` returned, the customer's messages so far, and the
/// suite's and the scenario's `grounded_facts`. Call arguments are not evidence: an amount the
/// agent sent to `billing.refund` is grounded by what the backend answered, not by the request.
public struct GroundingChecker: Sendable {
    private let facts: Evidence
    /// Each article's title and body, read once per suite: articles never change during a run.
    private let articles: [String: Evidence]
    private let year: Int

    public init(config: SuiteConfig, knowledgeBase: KnowledgeBase) {
        year = ISODate.year(of: config.clockStart)
        var facts = Evidence(year: year)
        for fact in config.groundedFacts { facts.add(text: fact, source: "grounded_facts") }
        self.facts = facts
        var articles: [String: Evidence] = [:]
        for article in knowledgeBase.articles {
            var e = Evidence(year: year)
            e.add(text: article.title + "\n" + article.body, source: "kb:" + article.id)
            articles[article.id] = e
        }
        self.articles = articles
    }

    public func hallucinations(_ record: ConversationRecord) -> [Hallucination] {
        // Evidence is read lazily: items are added, in conversation order, only until a claim is
        // supported. A claim is grounded exactly when some item available to that reply holds
        // it, so this gives the same answer as reading everything first, at a fraction of the cost.
        enum Item { case customer(String), call(AuditEntry) }
        var items: [Item] = []
        var visible: [Int] = []  // per transcript entry: how many items it may see
        let audit = record.audit.sorted { $0.seq < $1.seq }
        var nextAudit = 0
        for entry in record.transcript {
            if entry.speaker == .customer {
                items.append(.customer(entry.text))
            } else {
                while nextAudit < audit.count, audit[nextAudit].seq < entry.auditRange.upperBound {
                    items.append(.call(audit[nextAudit]))
                    nextAudit += 1
                }
            }
            visible.append(items.count)
        }
        var evidence = facts
        for fact in record.scenario.expect.groundedFacts { evidence.add(text: fact, source: "grounded_facts") }
        var consumed = 0
        var found: [Hallucination] = []
        for (index, entry) in record.transcript.enumerated() where entry.speaker == .agent {
            let now = record.start.addingTimeInterval(Double(entry.atMs) / 1000)
            var seen = Set<String>()
            for claim in ClaimExtractor.claims(in: entry.text, year: ISODate.year(of: now)) {
                while !evidence.supports(claim), consumed < visible[index] {
                    switch items[consumed] {
                    case .customer(let text): evidence.add(text: text, source: "customer")
                    case .call(let call): add(call, to: &evidence)
                    }
                    consumed += 1
                }
                guard !evidence.supports(claim), seen.insert(claim.kind.rawValue + ":" + claim.normalized).inserted else { continue }
                found.append(Hallucination(turn: entry.turn, claim: claim.text, kind: claim.kind.rawValue,
                                           sentence: claim.sentence,
                                           comparedWith: evidence.describe(limit: 8, kind: claim.kind)))
            }
        }
        return found
    }

    /// The claims of `reply` that `evidence` does not support, each value once, in reading
    /// order; the reference agent's validation step uses this before it sends a reply.
    public static func ungroundedClaims(in reply: String, evidence: Evidence, year: Int) -> [Claim] {
        var seen = Set<String>()
        return ClaimExtractor.claims(in: reply, year: year).filter { claim in
            !evidence.supports(claim) && seen.insert(claim.kind.rawValue + ":" + claim.normalized).inserted
        }
    }

    private func add(_ entry: AuditEntry, to evidence: inout Evidence) {
        // A failed call's message ("no order with id ORD-9") is also what the backend answered.
        evidence.add(json: entry.outcome.json, source: entry.operation)
        guard entry.operation.hasPrefix("kb."), let result = entry.outcome.result else { return }
        var ids = result["articles"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        if let id = result["id"]?.stringValue { ids.append(id) }
        for id in ids { if let article = articles[id] { evidence.add(article) } }
    }
}
