import Foundation

/// Fact names the simulated customer and the `asks_for` check understand by phrase
/// (scenarios.md, "The simulated customer"). The phrases live with the scorer
/// (SupportSimScoring.FactRequests); the names are here so that `validate` can catch a
/// misspelt `asks_for` without depending on the scorer. A test keeps the two equal.
public enum FactNames {
    public static let understood: [String] = ["email", "invoice_id", "last4", "name", "order_id", "phone", "zip"]
}
