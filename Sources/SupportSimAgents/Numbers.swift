import Foundation
import SupportSimScoring

enum SupportSimScoringNumbers {
    static func numbers(_ text: String) -> [Decimal] { TextNormalization.numbers(in: text) }
}
