import Foundation
import SupportSimAgents
import Testing

struct IntentClassifierTests {
    static let heldOut: [IntentClassifier.Example] = {
        let url = Bundle.module.url(forResource: "Fixtures/intent-heldout", withExtension: "jsonl")!
        return IntentClassifier.parseExamples(try! String(contentsOf: url, encoding: .utf8))
    }()

    /// The held-out set was written independently of the training set and is never trained on.
    @Test func heldOutAccuracyIsAtLeastNinetyPercent() {
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
        #expect(accuracy >= 0.90)
    }

    @Test func everyIntentOfTheContractIsTrainedWithThirtyExamples() {
        let counts = Dictionary(grouping: IntentClassifier.trainingExamples, by: \.intent).mapValues(\.count)
        #expect(counts.count == 23)
        #expect(counts.values.allSatisfy { $0 >= 30 })
    }

    @Test func heldOutUtterancesAreNotInTheTrainingSet() {
        let training = Set(IntentClassifier.trainingExamples.map { $0.text.lowercased() })
        #expect(Self.heldOut.filter { training.contains($0.text.lowercased()) }.isEmpty)
    }
}
