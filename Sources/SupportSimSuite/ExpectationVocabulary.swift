import Foundation
import SupportSimCore

/// Names in a scenario's expectations that no agent or simulated customer can ever produce: an
/// expected intent outside the suite's taxonomy, an `asks_for` fact nobody understands. Such a
/// check can only fail, so `validate` says so before a run does.
struct ExpectationVocabulary: Sendable {
    /// The intents expected intents are checked against.
    let intents: [String]
    /// Whether a miss is certain (the suite declares its intents, or runs the reference agent)
    /// or only likely (an outside agent with no declared list: a warning).
    let intentsAreCertain: Bool
    /// Where the list comes from, for messages.
    let intentSource: String

    init(config: SuiteConfig) {
        if let declared = config.intents, config.agent == .reference, declared.values.contains(where: { !$0.isEmpty }) {
            // Intents with example utterances are learned by the reference agent beside its own;
            // a plain list names the only intents the suite's agent reports.
            intents = Array(Set(declared.keys).union(IntentTaxonomy.reference)).sorted()
            intentsAreCertain = true
            intentSource = "the reference agent's intents and those declared under intents: in supportsim.yml"
        } else if let declared = config.intents {
            intents = declared.keys.sorted()
            intentsAreCertain = true
            intentSource = "the intents declared under intents: in supportsim.yml"
        } else {
            intents = IntentTaxonomy.reference
            intentsAreCertain = config.agent == .reference
            intentSource = config.agent == .reference
                ? "the reference agent's intents; an agent with others lists them under intents: in supportsim.yml"
                : "checked against the reference agent's intents; list your agent's under intents: in supportsim.yml"
        }
    }

    /// Errors and warnings for one scenario, located by the validator's marks.
    func check(_ scenario: Scenario, marks: [String: Location], file: String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func at(_ path: String, _ message: String, _ severity: Diagnostic.Severity) {
            let here = marks[path] ?? Location(file: file, line: 1, column: 1, path: path)
            result.append(Diagnostic(file: file, line: here.line, column: here.column, path: path,
                                     message: message, severity: severity))
        }
        let facts = FactNames.understood + scenario.knows.keys.sorted()
        for (i, turn) in scenario.turns.enumerated() {
            if let intent = turn.expect.intent {
                let path = "turns[\(i)].expect.intent"
                let severity: Diagnostic.Severity = intentsAreCertain ? .error : .warning
                if Glob.isPattern(intent) {
                    if !intents.contains(where: { Glob.matches(intent, $0) }) {
                        at(path, "\(NodeValidator.quote(intent)) matches no intent the agent reports (\(intentSource))",
                           severity)
                    }
                } else if !intents.contains(intent) {
                    at(path, (intentsAreCertain ? "no agent in this suite reports intent " : "the agent may not report intent ")
                       + NodeValidator.quote(intent)
                       + Suggestion.didYouMean(intent, intents) + " (\(intentSource))", severity)
                }
            }
            for (j, fact) in turn.expect.asksFor.enumerated() where !facts.contains(fact) {
                let path = turn.expect.asksFor.count == 1 && marks["turns[\(i)].expect.asks_for[0]"] == nil
                    ? "turns[\(i)].expect.asks_for" : "turns[\(i)].expect.asks_for[\(j)]"
                let suggestion = Suggestion.didYouMean(fact, facts)
                // A near miss of a known name is a typo whose words no reply will contain; any
                // other name is matched by its own words ("account number"), so it may pass.
                at(path, "\(NodeValidator.quote(fact)) is not a fact the simulated customer understands"
                   + (suggestion.isEmpty
                      ? "; it is matched only by the words \"\(fact.replacingOccurrences(of: "_", with: " "))\" "
                        + "(known facts: \(FactNames.understood.joined(separator: ", ")), or add it under knows:)"
                      : suggestion),
                   suggestion.isEmpty ? .warning : .error)
            }
        }
        return result
    }
}
