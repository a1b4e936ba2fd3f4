import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimScoring
import Testing

/// `validate` checks expected intents and `asks_for` facts against lists kept in SupportSimCore
/// (the suite module sees neither the agents nor the scorer); these keep those lists true.
struct ReferenceVocabularyTests {
    @Test func theReferenceTaxonomyIsExactlyTheClassifiersLabels() {
        #expect(IntentTaxonomy.reference.sorted() == IntentClassifier.shared.intents.sorted())
    }

    @Test func theKnownFactNamesAreExactlyTheOnesTheScorerHasPhrasesFor() {
        #expect(FactNames.understood.sorted() == FactRequests.phrases.keys.sorted())
    }
}
