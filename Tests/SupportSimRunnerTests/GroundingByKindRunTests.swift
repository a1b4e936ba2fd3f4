import Foundation
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing

/// A faulty agent states an amount equal to a value of another kind that it has seen (a
/// timestamp's minutes, the year, card digits, an invoice number's digits): flagged every
/// time. The correct agent on the same scenarios has no finding.
struct GroundingByKindRunTests {
    /// The numbers of other kinds in what the agent saw: digits of ISO timestamps, ids and
    /// card or verification strings. None of them is an amount.
    static func otherKindNumbers(in audit: [AuditEntry], customerText: [String]) -> [String] {
        var texts: [String] = customerText
        for entry in audit { collectStrings(entry.outcome.json, into: &texts) }
        var numbers = Set<String>()
        for text in texts {
            for match in text.matches(of: /\d+/) {
                let n = String(match.output).drop { $0 == "0" }
                if n.count >= 2 { numbers.insert(String(n)) }
            }
        }
        return numbers.sorted()
    }

    static func collectStrings(_ v: JSONValue, into texts: inout [String]) {
        switch v {
        case .string(let s): texts.append(s)
        case .array(let items): for i in items { collectStrings(i, into: &texts) }
        case .object(let o): for (_, x) in o { collectStrings(x, into: &texts) }
        default: break
        }
    }

    @Test func theCorrectAgentHasNoFindingOnAcmeMini() async throws {
        let suite = try Fixtures.loadAcmeMini()
        let results = await SuiteRunner(suite: suite, agent: AcmeMiniScript.agent).run()
        #expect(results.allSatisfy { $0.hallucinations.isEmpty }, "\(results.flatMap(\.hallucinations))")
    }

    @Test func anAmountMadeOfAnotherKindOfValueIsFlaggedEveryTime() async throws {
        let suite = try Fixtures.loadAcmeMini()
        // First the correct run, to learn what each conversation sees.
        let correct = await SuiteRunner(suite: suite, agent: AcmeMiniScript.agent).run()
        var tried = 0
        for r in correct {
            let customer = r.record.transcript.filter { $0.speaker == .customer }.map(\.text)
            let numbers = Self.otherKindNumbers(in: r.record.audit, customerText: customer)
            let moneyEvidence = Set(r.record.audit.flatMap { entry -> [String] in
                var found: [String] = []
                Self.collectMoney(entry.outcome.json, key: nil, into: &found)
                return found
            })
            for n in numbers where !moneyEvidence.contains(n) {
                tried += 1
                let script = AcmeMiniScript.agent
                let faulty = ClosureAgent { turn, tools in
                    var reply = try await script.respond(to: turn, tools: tools)
                    reply.text += " I have also credited $\(n).00 to your account."
                    return reply
                }
                var one = suite
                one.scenarios = suite.scenarios.filter { $0.id == r.id }
                let played = try #require(await SuiteRunner(suite: one, agent: faulty).run().first)
                #expect(played.hallucinations.contains { $0.kind == "money" && $0.claim == "$\(n).00" },
                        "\(r.id): $\(n).00 (seen as another kind of value) was not flagged")
            }
        }
        #expect(tried >= 5, "the scenarios show enough other-kind numbers to try")
    }

    static func collectMoney(_ v: JSONValue, key: String?, into found: inout [String]) {
        switch v {
        case .number(let d) where key.map(MoneyFields.holdsMoney) == true: found.append(d.plainString)
        case .array(let items): for i in items { collectMoney(i, key: key, into: &found) }
        case .object(let o): for (k, x) in o { collectMoney(x, key: k, into: &found) }
        default: break
        }
    }
}
