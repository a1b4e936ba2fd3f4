import Foundation

/// Intent names a suite's agent can report, so that `validate` can tell a misspelt expected
/// intent from one that merely fails (scenarios.md, "Intents"). The suite module cannot see the
/// reference agent, so its taxonomy is written out here; a test in SupportSimAgentsTests keeps
/// this list equal to the classifier's labels.
public enum IntentTaxonomy {
    /// The intents the built-in reference agent reports (its training data's labels).
    public static let reference: [String] = [
        "account.close", "account.password_reset", "account.update_details",
        "billing.cancel_subscription", "billing.change_plan", "billing.double_charge", "billing.invoice",
        "billing.payment_failed", "billing.refund_request",
        "complaint.service", "human.request", "legal.threat",
        "order.cancel", "order.problem", "order.return", "order.status",
        "other", "product.availability", "product.question",
        "smalltalk.goodbye", "smalltalk.greeting", "smalltalk.thanks", "tech.troubleshooting",
    ]
}
