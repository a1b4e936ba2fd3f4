import Foundation
@testable import SupportSimAgents
import SupportSimCore
import Testing

/// How the reference agent reads intents and answers from another company's articles, in words
/// no bundled suite uses: each rule is general, so it holds for a company we have not seen.
struct GeneralIntentRulesTests {
    let classifier = IntentClassifier.shared

    @Test(arguments: [
        "what day is my card charged for the subscription?",
        "Which date is the monthly fee collected from my card?",
    ])
    func aQuestionAboutWhenAPaymentIsTakenIsNeitherARefundNorADuplicateCharge(_ message: String) {
        let intent = classifier.classify(message).intent
        #expect(intent != "billing.refund_request" && intent != "billing.double_charge", "\(intent)")
    }

    @Test(arguments: ["I can see a charge on my bank statement, what was it for?", "what is this charge on my card statement?"])
    func aChargeAskedAboutIsNotADuplicateCharge(_ message: String) {
        #expect(classifier.classify(message).intent != "billing.double_charge")
    }

    @Test(arguments: [
        ("put me through please", true), ("connect me now", true), ("hand me over please", true),
        ("I want a real person", true), ("no more bots", true), ("please put me on the cheaper plan", false),
        ("what is this charge?", false),
    ])
    func aHandOffIsReadOnlyFromWordsThatAskForOne(_ message: String, _ asks: Bool) throws {
        let cue = try #require(IntentCue.required.first { $0.intent == "human.request" })
        #expect(cue.matches(message) == asks)
    }

    @Test func aPlanChangeThatNamesNoPersonIsNotAHandOff() {
        let custom = IntentClassifier(examples: IntentClassifier.trainingExamples
            + Array(repeating: IntentClassifier.Example(intent: "human.request", text: "put me through to someone at the shop"), count: 2))
        #expect(custom.classify("Please put me on the Starter tier from next month.").intent == "billing.change_plan")
        #expect(custom.classify("put me through to someone").intent == "human.request")
    }

    /// The classifier matches cues on the lower-cased message with case-sensitive patterns (ICU's
    /// case folding is slow): that reads every message as the case-insensitive pattern does, in
    /// capitals, in title case and as written.
    @Test func aCueReadsAMessageInAnyCaseAsTheCaseInsensitivePatternDoes() {
        let texts = IntentClassifier.trainingExamples.map(\.text).flatMap { [$0, $0.uppercased(), $0.capitalized] }
            + ["I WANT A REFUND", "Charged TWICE", "Talk To A Real Person", "ÉTÉ refund Straße"]
        var disagreements: [String] = []
        for cue in IntentCue.standard + IntentCue.required {
            #expect(cue.lowerCasePattern != nil, "\(cue.intent)'s cue is matched with case folding")
            for text in texts where cue.matches(text, lowered: text.lowercased()) != cue.matches(text) {
                disagreements.append("\(cue.intent): \(text)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(try! Self.cue("billing.refund_request").matches("I WANT A REFUND", lowered: "i want a refund"))
    }

    static func cue(_ intent: String) throws -> IntentCue {
        try #require(IntentCue.standard.first { $0.intent == intent })
    }

    @Test(arguments: [
        ("when does the kettle I bought show up?", true), ("has it been sent yet?", true),
        ("is there tracking for the parcel?", true), ("When will the lamp arrive?", true),
        ("the kettle arrived yesterday, how do I descale it?", false), ("when is my bill due?", false),
    ])
    func aQuestionAboutWhenADeliveryComesPointsToItsStatus(_ message: String, _ points: Bool) throws {
        #expect(try Self.cue("order.status").matches(message) == points)
    }

    @Test(arguments: [
        ("The lamp is too big, I'd like to send it back and get my money back", true), ("can I return them?", true),
        ("please send me a new one", false), ("I want my money back", false),
    ])
    func sendingGoodsBackPointsToAReturn(_ message: String, _ points: Bool) throws {
        #expect(try Self.cue("order.return").matches(message) == points)
    }

    @Test(arguments: [
        ("put me on the basic tier", true), ("can you move me down to something cheaper?", true), ("I'd like to upgrade", true),
        ("put me through please", false), ("move my delivery to Friday", false),
    ])
    func aPlanChangeHasItsCue(_ message: String, _ points: Bool) throws {
        #expect(try Self.cue("billing.change_plan").matches(message) == points)
    }

    @Test func aHowToQuestionReadAsAnActionIsAnsweredAsTheClosestKnowledgeTopic() {
        let ranked = [IntentClassifier.Prediction(intent: "order.problem", confidence: 0.9),
                      IntentClassifier.Prediction(intent: "device.setup", confidence: 0.06),
                      IntentClassifier.Prediction(intent: "order.status", confidence: 0.04)]
        let reading = ReferenceAgent.informationalReading(ranked, message: "The blender came today. Which lid goes on first?",
                                                          suiteIntents: ["device.setup"])
        #expect(reading.intent == "device.setup")
        #expect(abs(reading.confidence - 1) < 1e-9, "renormalised over the topics the knowledge base answers")
        let request = ReferenceAgent.informationalReading(ranked, message: "The blender arrived damaged, please replace it.",
                                                          suiteIntents: ["device.setup"])
        #expect(request.intent == "order.problem", "a request keeps its reading")
    }

    @Test func aLookupGuessedAtLowConfidenceIsReadAsTheClosestKnowledgeTopic() {
        let ranked = [IntentClassifier.Prediction(intent: "order.status", confidence: 0.25),
                      IntentClassifier.Prediction(intent: "product.availability", confidence: 0.2),
                      IntentClassifier.Prediction(intent: "power.cut", confidence: 0.15)]
        let reading = ReferenceAgent.informationalReading(ranked, message: "lights off on my whole road 90210?? power gone",
                                                          suiteIntents: ["power.cut"])
        #expect(reading.intent == "power.cut")
        var sure = ranked
        sure[0].confidence = 0.6
        #expect(ReferenceAgent.informationalReading(sure, message: "lights off on my whole road 90210?? power gone",
                                                    suiteIntents: ["power.cut"]).intent == "order.status",
                "a lookup the classifier is sure of is kept")
    }

    @Test func eachQuestionOfAMessageGetsItsOwnSentenceAndAnswerKindCounts() {
        let sentences = ["Our technician fits the meter and tests it.", "An adult must be present at the address for the visit.",
                         "Fitting usually takes 90 minutes.", "If the technician is late, we credit your account."]
        let best = KnowledgeAgent.computeRelevant(sentences, to: "Does anybody need to be present, and how long will the technician stay?", count: 2)
        #expect(best == ["An adult must be present at the address for the visit.", "Fitting usually takes 90 minutes."])
    }

    @Test func aWeakSecondMatchGivesWayToTheSentenceThatGoesOn() {
        let sentences = ["The Basic 10GB bundle includes 10GB each month.", "After that, browsing continues at 256 kbps.",
                         "Roaming uses GB from your bundle."]
        let best = KnowledgeAgent.computeRelevant(sentences, to: "what happens when my 10 gigs are gone? am I blocked?", count: 2)
        #expect(best == ["The Basic 10GB bundle includes 10GB each month.", "After that, browsing continues at 256 kbps."])
    }

    @Test func aDurationQuestionIsAnsweredByASentenceWithADuration() {
        #expect(AnswerKind.asked(in: "how long does it take?") == [.duration])
        #expect(AnswerKind.duration.isAnswered(by: "It takes about 3 hours."))
        #expect(!AnswerKind.duration.isAnswered(by: "It is quick."))
    }
}
