import Foundation
import SupportSimAgents
import SupportSimSuite
import SupportSimTesting
import Testing

struct IntentClassifierTests {
    static let heldOut: [IntentClassifier.Example] = {
        let url = Bundle.module.url(forResource: "Fixtures/intent-heldout", withExtension: "jsonl")!
        return IntentClassifier.parseExamples(try! String(contentsOf: url, encoding: .utf8))
    }()

    /// The held-out set was written independently of the training set and is never trained on.
    @Test func heldOutAccuracyIsAtLeastNinetyFivePercent() {
        #expect(Self.heldOut.count >= 300)
        let classifier = IntentClassifier.shared
        var wrong: [String] = []
        for e in Self.heldOut {
            let p = classifier.classify(e.text)
            if p.intent != e.intent { wrong.append("\(e.intent) → \(p.intent): \(e.text)") }
        }
        let accuracy = Double(Self.heldOut.count - wrong.count) / Double(Self.heldOut.count)
        print("intent accuracy on \(Self.heldOut.count) held-out utterances: \(String(format: "%.1f%%", accuracy * 100))")
        for w in wrong.prefix(60) { print("  miss: \(w)") }
        #expect(accuracy >= 0.95)
    }

    @Test func everyIntentOfTheContractIsTrainedWithThirtyExamples() {
        let counts = Dictionary(grouping: IntentClassifier.trainingExamples, by: \.intent).mapValues(\.count)
        #expect(counts.count == 23)
        #expect(counts.values.allSatisfy { $0 >= 30 })
    }

    /// Case, punctuation, apostrophes and spacing removed: "Thanks!" and "thanks" are one
    /// utterance, so a held-out line that differs from a training line only so is no test.
    static func normalized(_ text: String) -> String {
        let folded = text.lowercased().replacingOccurrences(of: "’", with: "").replacingOccurrences(of: "'", with: "")
        let words = folded.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return String(words).split(separator: " ").joined(separator: " ")
    }

    @Test func heldOutUtterancesAreNotInTheTrainingSetEvenWrittenDifferently() {
        let training = Set(IntentClassifier.trainingExamples.map { Self.normalized($0.text) })
        let leaked = Self.heldOut.filter { training.contains(Self.normalized($0.text)) }
        #expect(leaked.isEmpty, "\(leaked.map(\.text))")
        let distinct = Set(Self.heldOut.map { Self.normalized($0.text) })
        #expect(distinct.count == Self.heldOut.count, "the held-out set repeats itself")
    }

    /// The bundled suite tests the agent: a turn the classifier was trained on would test only
    /// its memory. (Scenario suites written later must keep it so.)
    @Test func noBundledScenarioTurnIsATrainingSentence() throws {
        let training = Set(IntentClassifier.trainingExamples.map { Self.normalized($0.text) })
        for root in [Fixtures.bundledSuite, Fixtures.acmeMini] {
            let suite = try SuiteLoader(root: root).load()
            let turns = suite.scenarios.flatMap { s in s.turns.map { (s.id, $0.customer) } }
            #expect(turns.count > 0)
            let trained = turns.filter { training.contains(Self.normalized($0.1)) }
            #expect(trained.isEmpty, "\(trained.map { "\($0.0): \($0.1)" })")
        }
    }

    @Test func normalisationFoldsCasePunctuationAndApostrophes() {
        #expect(Self.normalized("What's your return-policy?!") == Self.normalized("whats your return policy"))
        #expect(Self.normalized("Hey there 👋") == "hey there")
        #expect(Self.normalized("refund 49") != Self.normalized("refund 94"))
    }
}
