import Foundation
import SupportSimCore

/// What the policy rules ask of one conversation, worked out once per conversation.
struct PolicyContext {
    let record: ConversationRecord
    /// The audit log in call order.
    let audit: [AuditEntry]
    /// The protocol turn of the agent reply during which each call was made.
    private let turnBySeq: [Int: Int]

    /// The suite's tools: which arguments name the customer, which records customers own.
    let tools: ToolCatalogue

    init(_ record: ConversationRecord, tools: ToolCatalogue) {
        self.record = record
        self.tools = tools
        let inOrder = zip(record.audit, record.audit.dropFirst()).allSatisfy { $0.seq < $1.seq }
        audit = inOrder ? record.audit : record.audit.sorted { $0.seq < $1.seq }
        var turns: [Int: Int] = [:]
        for entry in record.transcript where entry.speaker == .agent {
            for seq in entry.auditRange { turns[seq] = entry.turn }
        }
        turnBySeq = turns
    }

    func turn(ofSeq seq: Int) -> Int? { turnBySeq[seq] }

    /// The customer a call acts on: the argument naming the customer (`customer_id`), else the
    /// owner of the record it names (`charge_id` names a charge, whose `customer` owns it).
    func customer(of entry: AuditEntry) -> String? {
        for argument in tools.customerArguments {
            if let id = entry.arguments[argument]?.stringValue, !id.isEmpty { return id }
        }
        for owned in tools.ownedRecords {
            if let id = entry.arguments[owned.argument]?.stringValue,
                let owner = record.finalWorld[owned.collection].record(id: id)?[owned.ownerField]?.stringValue
            {
                return owner
            }
        }
        return nil
    }

    /// Whether a successful call proves what it checks: an identity check proves nothing when its
    /// result says the check failed (`verified: false`).
    func proves(_ entry: AuditEntry) -> Bool {
        guard entry.succeeded else { return false }
        if let check = tools.identityCheck, check.operation == entry.operation {
            return entry.outcome.result?[check.resultField]?.boolValue ?? false
        }
        return entry.outcome.result?["verified"]?.boolValue ?? true
    }

    /// A call as evidence shows it, its arguments in the tool's order.
    func call(_ entry: AuditEntry) -> String { PolicyText.call(entry, spec: tools.spec(entry.operation)) }

    /// The first intent matching one of the globs: reported by the agent, else expected by the
    /// scenario (whose turn is known only when that scripted turn was played).
    func intent(matching globs: [String]) -> (reason: String, turn: Int?)? {
        for entry in record.transcript where entry.speaker == .agent {
            if let intent = entry.reply?.intent, PolicyText.matches(globs, intent) {
                return ("the agent reported intent \(intent) at turn \(entry.turn)", entry.turn)
            }
        }
        for (index, turn) in record.scenario.turns.enumerated() {
            guard let intent = turn.expect.intent, PolicyText.matches(globs, intent) else { continue }
            let played = record.transcript.first { $0.speaker == .customer && $0.scripted && $0.scriptedTurn == index }
            return ("the scenario expects intent \(intent)" + (played.map { " at turn \($0.turn)" } ?? ""), played?.turn)
        }
        return nil
    }

    /// The first customer message containing a term, and the term as the customer wrote it.
    func mention(_ regex: MemoizedRegex) -> (term: String, turn: Int)? {
        for entry in record.transcript where entry.speaker == .customer {
            if let range = regex.firstMatch(in: entry.text) {
                return ((entry.text as NSString).substring(with: range), entry.turn)
            }
        }
        return nil
    }
}

/// Text helpers of the policy engine: globs, regexes and evidence.
enum PolicyText {
    static func matches(_ globs: [String], _ name: String) -> Bool {
        globs.contains { Glob.matches($0, name) }
    }

    /// Patterns built here are escaped, so they always compile.
    static func compile(_ pattern: String, options: NSRegularExpression.Options = []) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: options)
    }

    /// A term, escaped, whose spaces match any run of white space ("talk to  a lawyer").
    static func flexibleSpaces(_ term: String) -> String {
        term.split(whereSeparator: \.isWhitespace).map { NSRegularExpression.escapedPattern(for: String($0)) }
            .joined(separator: #"\s+"#)
    }

    /// Arguments that hold prose rather than identifiers or amounts.
    static let freeText: Set<String> = ["reason", "summary", "description", "body", "subject", "next_step"]

    /// A call as reports show it: `billing.refund(charge_id: CH-4002, amount: 49.00)`. Arguments
    /// come in the catalogue's order, money with two decimals; free text (prose arguments, and any
    /// string with spaces or long) and nested values are left out so the evidence stays one short line.
    static func call(_ entry: AuditEntry, spec: OperationSpec?) -> String {
        let known = spec?.arguments.map(\.name) ?? []
        let names = (known.filter { entry.arguments[$0] != nil }
            + entry.arguments.keys.filter { !known.contains($0) }.sorted()).filter { !freeText.contains($0) }
        let shown: [String] = names.compactMap { name in
            let money = spec?.argument(name)?.type == .decimal
            switch entry.arguments[name] {
            case .number(let d)?: return "\(name): \(money ? d.moneyString : d.plainString)"
            case .bool(let b)?: return "\(name): \(b)"
            case .string(let s)? where money:
                return "\(name): \(Decimal(exactly: s)?.moneyString ?? s)"
            case .string(let s)? where !s.isEmpty && s.count <= 40 && !s.contains(where: \.isWhitespace):
                return "\(name): \(s)"
            default: return nil
            }
        }
        return "\(entry.operation)(\(shown.joined(separator: ", ")))"
    }

    /// ` (failed: not_found)` for a call that failed, empty otherwise.
    static func failure(_ entry: AuditEntry) -> String {
        if case .failure(let error) = entry.outcome { return " (failed: \(error.code.rawValue))" }
        return ""
    }

    /// The sentence of `text` that contains `range` (UTF-16): from after the previous sentence end
    /// (`.`, `!` or `?` followed by white space, or a line break) to the next one.
    static func sentence(in text: String, around range: NSRange) -> String {
        let ns = text as NSString
        let length = ns.length
        func char(_ i: Int) -> Character { Character(UnicodeScalar(ns.character(at: i)) ?? "\u{FFFD}") }
        func endsSentence(_ i: Int) -> Bool {
            let c = char(i)
            if c == "\n" { return true }
            return ".!?".contains(c) && (i + 1 >= length || char(i + 1).isWhitespace)
        }
        var start = range.location
        while start > 0, !endsSentence(start - 1) { start -= 1 }
        var end = range.location + range.length
        while end < length {
            let c = char(end)
            if c == "\n" { break }
            end += 1
            if endsSentence(end - 1) { break }
        }
        return ns.substring(with: NSRange(location: start, length: end - start))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
