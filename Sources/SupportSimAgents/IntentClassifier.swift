import Foundation
import SupportSimCore

/// A multinomial naive Bayes intent classifier over words and word pairs, trained at start-up
/// from labelled utterances. Small, deterministic and fast enough to run on every turn of a
/// 10,000-conversation suite; its confidence is the posterior probability of the best intent.
public struct IntentClassifier: Sendable {
    public struct Prediction: Sendable, Hashable {
        public var intent: String
        public var confidence: Double
        public init(intent: String, confidence: Double) {
            self.intent = intent
            self.confidence = confidence
        }
    }

    public struct Example: Sendable, Hashable {
        public var intent: String
        public var text: String
        public init(intent: String, text: String) {
            self.intent = intent
            self.text = text
        }
    }

    public let intents: [String]
    private let logPrior: [Double]
    /// Every feature of the training set, numbered: a word no example has says nothing about
    /// any intent, so it has no number and is left out.
    private let featureIndex: [String: Int]
    /// `logLikelihood[feature * intents.count + intent]`, the unseen value where the intent's
    /// examples never had the feature: one hash per feature and a contiguous row of intents,
    /// instead of a dictionary look-up per intent and feature on every message.
    private let logLikelihood: [Double]
    private let cues: [(index: Int, cue: IntentCue)]
    private let required: [(index: Int, cue: IntentCue)]

    public init(examples: [Example], cues: [IntentCue] = IntentCue.standard, required: [IntentCue] = IntentCue.required) {
        let intents = Array(Set(examples.map(\.intent))).sorted()
        var counts = [[String: Double]](repeating: [:], count: intents.count)
        var totals = [Double](repeating: 0, count: intents.count)
        var docs = [Double](repeating: 0, count: intents.count)
        var vocabulary = Set<String>()
        let index = Dictionary(uniqueKeysWithValues: intents.enumerated().map { ($1, $0) })
        for e in examples {
            let i = index[e.intent]!
            docs[i] += 1
            // Each feature once per utterance (binarised NB): repeated words in one example add little.
            for f in Set(Self.features(e.text)) {
                counts[i][f, default: 0] += 1
                totals[i] += 1
                vocabulary.insert(f)
            }
        }
        let alpha = 0.5
        let v = Double(vocabulary.count)
        self.intents = intents
        self.logPrior = docs.map { log($0 / Double(examples.count)) }
        let featureIndex = Dictionary(uniqueKeysWithValues: vocabulary.sorted().enumerated().map { ($1, $0) })
        var table = [Double](repeating: 0, count: featureIndex.count * intents.count)
        for i in intents.indices {
            let unseen = log(alpha / (totals[i] + alpha * v))
            for f in 0..<featureIndex.count { table[f * intents.count + i] = unseen }
            for (feature, count) in counts[i] { table[featureIndex[feature]! * intents.count + i] = log((count + alpha) / (totals[i] + alpha * v)) }
        }
        self.featureIndex = featureIndex
        self.logLikelihood = table
        self.cues = cues.compactMap { c in index[c.intent].map { ($0, c) } }
        self.required = required.compactMap { c in index[c.intent].map { ($0, c) } }
    }

    /// Loads `intent-training.jsonl` shipped with the module.
    public static let shared = IntentClassifier(examples: trainingExamples)

    public static let trainingExamples: [Example] = {
        guard let url = Bundle.module.url(forResource: "intent-training", withExtension: "jsonl"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("the intent training set is missing from the SupportSimAgents bundle") }
        return parseExamples(text)
    }()

    public static func parseExamples(_ jsonl: String) -> [Example] {
        jsonl.split(separator: "\n").compactMap { line in
            guard let v = try? JSONValue.parse(String(line)), let i = v["intent"]?.stringValue, let t = v["text"]?.stringValue
            else { return nil }
            return Example(intent: i, text: t)
        }
    }

    public func classify(_ text: String) -> Prediction { ranked(text)[0] }

    /// Every intent with its posterior, most likely first (ties by name, so runs repeat).
    func ranked(_ text: String) -> [Prediction] {
        // Words outside the training vocabulary are left out: counted as unseen in every intent,
        // they would favour the intents with the fewest examples (a homework question read as
        // an account closure), which is no evidence at all.
        // Each feature once, in the message's order: summed in a Set's order, which changes from
        // run to run, near-ties could fall either way and a run would not repeat itself.
        var seen = Set<Int>()
        let features = Self.features(text).compactMap { featureIndex[$0] }.filter { seen.insert($0).inserted }
        var scores = logPrior
        let n = intents.count
        // Each intent's sum still takes the features in message order, so the figures are the
        // same, bit for bit, as summing intent by intent.
        logLikelihood.withUnsafeBufferPointer { table in
            for f in features {
                let row = f * n
                for i in 0..<n { scores[i] += table[row + i] }
            }
        }
        let lowered = text.lowercased()
        for (i, cue) in cues where cue.matches(text, lowered: lowered) { scores[i] += IntentCue.bonus }
        for (i, cue) in required where !cue.matches(text, lowered: lowered) { scores[i] = -.infinity }
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && intents[$0] < intents[$1]) }
        let best = order[0]
        let total = scores.map { exp($0 - scores[best]) }.reduce(0, +)
        return order.map { Prediction(intent: intents[$0], confidence: exp(scores[$0] - scores[best]) / total) }
    }

    /// Words with identifiers folded into their kind (`ORD-5001` → `#order`), plus word pairs.
    /// Written with plain character tests: this runs on every customer message.
    static func features(_ text: String) -> [String] {
        var words: [String] = []
        for raw in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'" || $0 == "$") }) {
            var w = Substring(raw)
            while let f = w.first, f == "-" || f == "'" { w = w.dropFirst() }
            while let l = w.last, l == "-" || l == "'" { w = w.dropLast() }
            if w.isEmpty { continue }
            words.append(fold(w))
        }
        var features = words
        if words.count > 1 { for i in 1..<words.count { features.append(words[i - 1] + "_" + words[i]) } }
        return features
    }

    private static func fold(_ w: Substring) -> String {
        if w.hasPrefix("ord-") { return "#order" }
        if w.hasPrefix("inv-") { return "#invoice" }
        if w.hasPrefix("ch-") { return "#charge" }
        if w.first == "$" { return "#number" }
        let dash = w.firstIndex(of: "-")
        let head = dash.map { w[..<$0] } ?? w
        let tail = dash.map { w[w.index(after: $0)...] } ?? ""
        let allDigits = { (s: Substring) in !s.isEmpty && s.allSatisfy(\.isNumber) }
        if dash == nil, w.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }), w.contains(where: \.isNumber) { return "#number" }
        if head == "t", allDigits(tail) { return "#ticket" }
        if (2...3).contains(head.count), head.allSatisfy(\.isLetter), allDigits(tail) { return "#sku" }
        return String(w)
    }
}
