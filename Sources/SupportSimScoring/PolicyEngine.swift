import Foundation
import SupportSimCore

/// Evaluates a suite's policies against a played conversation (scenarios.md, "Policies").
///
/// Build one per run and share it: every regex is compiled here, so scoring a conversation only
/// walks its transcript and audit log, once per policy. Every policy is evaluated on every
/// conversation; a policy the scenario waives is still reported, marked `waived`.
///
/// Decisions the spec leaves open:
/// - `requires_before`: only a call that succeeded needs the prior (a refused call changed
///   nothing). A prior counts when it succeeded and, if its result carries `verified` (always for
///   the domain's identity check, `crm.verify_identity`), that is `true`. With `same_customer`,
///   the customer of a call is the argument naming the customer (`customer_id`; tau's
///   `user_id`), else the owner of the record it names (`charge_id`, `order_id`, ... looked up
///   in the final world), else the scenario's customer; when none is known, any prior counts.
/// - `limit`: every call above the limit is reported, failed ones too: attempting it was
///   already the wrong move.
/// - `must_escalate`: `tier`, when given, must match, and then `intents` or `mentions_any`
///   (either) must match when either is given; without `tier`, `intents` or `mentions_any`
///   suffices. A term matches a customer message as a whole word, case-insensitively
///   ("sue" does not match "issue" or "sued").
/// - `never_say`: one violation per offending reply, with the first offending sentence.
/// - `never_call`: every call, failed or not.
public struct PolicyEngine: Sendable {
    public let policies: [Policy]
    private let rules: [CompiledRule]
    private let tools: ToolCatalogue

    /// - Parameter tools: the suite's tools (`Suite.tools`): which arguments name the customer,
    ///   which records customers own, which call checks identity.
    public init(policies: [Policy], tools: ToolCatalogue = .support) {
        self.policies = policies
        self.tools = tools
        rules = policies.map { CompiledRule($0.rule) }
    }

    /// Every violation in the conversation, in policy order, each in conversation order.
    public func violations(_ record: ConversationRecord) -> [Violation] {
        let context = PolicyContext(record, tools: tools)
        var result: [Violation] = []
        for (policy, rule) in zip(policies, rules) {
            let waived = record.scenario.waive.contains(policy.id)
            for finding in rule.findings(in: context) {
                result.append(Violation(policy: policy.id, severity: policy.severity, turn: finding.turn,
                                        evidence: finding.evidence, waived: waived))
            }
        }
        return result
    }

    /// The `must_escalate` policies whose conditions the conversation meets, whether or not the
    /// agent escalated and whether or not the scenario waives them.
    public func mustEscalate(_ record: ConversationRecord) -> [Policy] {
        let context = PolicyContext(record, tools: tools)
        return zip(policies, rules).compactMap { policy, rule in
            guard case .mustEscalate(let trigger) = rule else { return nil }
            return trigger.match(context) == nil ? nil : policy
        }
    }
}

/// One violation before it is labelled with its policy.
struct PolicyFinding {
    var turn: Int?
    var evidence: String
}

/// A policy rule with its globs kept and its regexes compiled.
enum CompiledRule: Sendable {
    case requiresBefore(actions: [String], prior: [String], sameCustomer: Bool)
    case limit(actions: [String], argument: String, max: Decimal, otherwise: String?)
    case mustEscalate(EscalationTrigger)
    case neverSay([MemoizedRegex])
    case neverCall([String])

    init(_ rule: PolicyRule) {
        switch rule {
        case .requiresBefore(let actions, let prior, let sameCustomer):
            self = .requiresBefore(actions: actions, prior: prior, sameCustomer: sameCustomer)
        case .limit(let actions, let argument, let max, let otherwise):
            self = .limit(actions: actions, argument: argument, max: max, otherwise: otherwise)
        case .mustEscalate(let intents, let mentionsAny, let tiers):
            self = .mustEscalate(EscalationTrigger(intents: intents, mentionsAny: mentionsAny, tiers: tiers))
        case .neverSay(let regex, let phrases):
            var compiled: [NSRegularExpression] = []
            // The suite loader has validated the regex; should one still not compile, it is
            // matched literally rather than silently dropped.
            if let regex, !regex.isEmpty {
                compiled.append((try? NSRegularExpression(pattern: regex))
                    ?? PolicyText.compile(NSRegularExpression.escapedPattern(for: regex)))
            }
            // Phrases are literal, case- and white-space-insensitive, like the scenario's `mentions`.
            let literal = phrases.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(PolicyText.flexibleSpaces)
            if !literal.isEmpty {
                compiled.append(PolicyText.compile(literal.joined(separator: "|"), options: .caseInsensitive))
            }
            self = .neverSay(compiled.map(MemoizedRegex.init))
        case .neverCall(let operations):
            self = .neverCall(operations)
        }
    }

    func findings(in context: PolicyContext) -> [PolicyFinding] {
        switch self {
        case .requiresBefore(let actions, let prior, let sameCustomer):
            return Self.requiresBefore(actions: actions, prior: prior, sameCustomer: sameCustomer, context)
        case .limit(let actions, let argument, let max, let otherwise):
            return context.audit.compactMap { entry in
                guard PolicyText.matches(actions, entry.operation), let value = entry.arguments[argument]?.decimalValue,
                    value > max else { return nil }
                let money = context.tools.spec(entry.operation)?.argument(argument)?.type == .decimal
                let show = { (d: Decimal) in money ? d.moneyString : d.plainString }
                var evidence = "\(context.call(entry)) at seq \(entry.seq)\(PolicyText.failure(entry)): "
                    + "\(argument) \(show(value)) exceeds the limit of \(show(max))"
                if let otherwise, !otherwise.isEmpty { evidence += "; the right move was to \(otherwise)" }
                return PolicyFinding(turn: context.turn(ofSeq: entry.seq), evidence: evidence)
            }
        case .mustEscalate(let trigger):
            guard context.record.handoff == nil, let match = trigger.match(context) else { return [] }
            return [PolicyFinding(turn: match.turn,
                                  evidence: "not escalated although " + match.reasons.joined(separator: " and "))]
        case .neverSay(let regexes):
            guard !regexes.isEmpty else { return [] }
            return context.record.transcript.compactMap { entry in
                guard entry.speaker == .agent else { return nil }
                let text = entry.text
                let first = regexes.compactMap { $0.firstMatch(in: text) }.min { $0.location < $1.location }
                return first.map { PolicyFinding(turn: entry.turn, evidence: PolicyText.sentence(in: text, around: $0)) }
            }
        case .neverCall(let operations):
            return context.audit.compactMap { entry in
                guard PolicyText.matches(operations, entry.operation) else { return nil }
                return PolicyFinding(turn: context.turn(ofSeq: entry.seq),
                                     evidence: "\(context.call(entry)) at seq \(entry.seq)\(PolicyText.failure(entry))")
            }
        }
    }

    /// One walk of the audit log in call order, remembering whose identity has been established
    /// so far, so that "earlier" is exact and the cost is linear.
    private static func requiresBefore(actions: [String], prior: [String], sameCustomer: Bool,
                                       _ context: PolicyContext) -> [PolicyFinding]
    {
        var anyPrior = false
        var priorCustomers: Set<String> = []
        var findings: [PolicyFinding] = []
        for entry in context.audit {
            if entry.succeeded, PolicyText.matches(actions, entry.operation) {
                let customer = sameCustomer ? context.customer(of: entry) ?? context.record.scenario.customer : nil
                if !(customer.map(priorCustomers.contains) ?? anyPrior) {
                    findings.append(PolicyFinding(
                        turn: context.turn(ofSeq: entry.seq),
                        evidence: "\(context.call(entry)) at seq \(entry.seq) with no earlier successful "
                            + prior.joined(separator: " or ") + (customer.map { " for \($0)" } ?? "")))
                }
            }
            if PolicyText.matches(prior, entry.operation) {
                // A failed identity check proves nothing, although the call itself succeeded.
                guard context.proves(entry) else { continue }
                anyPrior = true
                if let customer = context.customer(of: entry) { priorCustomers.insert(customer) }
            }
        }
        return findings
    }
}

/// The conditions of a `must_escalate` rule.
struct EscalationTrigger: Sendable {
    var intents: [String]
    var mentions: MemoizedRegex?
    var tiers: [String]

    init(intents: [String], mentionsAny: [String], tiers: [String]) {
        self.intents = intents
        self.tiers = tiers
        let terms = mentionsAny.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // One alternation for all terms: one pass per customer message. Letters, digits and `_`
        // on either side mean the term is part of a longer word.
        mentions = terms.isEmpty ? nil : MemoizedRegex(PolicyText.compile(
            #"(?<![\p{L}\p{N}_])(?:"# + terms.map(PolicyText.flexibleSpaces).joined(separator: "|")
                + #")(?![\p{L}\p{N}_])"#, options: .caseInsensitive))
    }

    /// Why the conversation must be escalated, with the earliest turn concerned; nil when it
    /// need not be.
    func match(_ context: PolicyContext) -> (turn: Int?, reasons: [String])? {
        var reasons: [String] = []
        var turns: [Int] = []
        if !tiers.isEmpty {
            guard let id = context.record.scenario.customer,
                let tier = context.record.finalWorld["customers"].record(id: id)?["tier"]?.displayText,
                tiers.contains(where: { Glob.matches($0, tier, caseInsensitive: true) })
            else { return nil }
            reasons.append("customer \(id) is tier \(tier)")
        }
        var content = false
        if !intents.isEmpty, let hit = context.intent(matching: intents) {
            reasons.append(hit.reason)
            if let t = hit.turn { turns.append(t) }
            content = true
        }
        if let mentions, let hit = context.mention(mentions) {
            reasons.append("the customer said \"\(hit.term)\" at turn \(hit.turn)")
            turns.append(hit.turn)
            content = true
        }
        if !content, !intents.isEmpty || mentions != nil { return nil }
        return reasons.isEmpty ? nil : (turns.min(), reasons)
    }
}
