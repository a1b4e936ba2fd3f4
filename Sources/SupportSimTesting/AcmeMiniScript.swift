import Foundation
import SupportSimCore

/// A scripted agent that does exactly what each acme-mini scenario expects.
public enum AcmeMiniScript {
    public static let askLast4 = "I can help with that. Could you confirm the last four digits of the card on file?"

    public static var agent: ScriptedAgent {
        ScriptedAgent(scripts: [
            "billing/double-charge": [
                .say(askLast4, intent: "billing.double_charge"),
                .say("Thanks, you're verified. I've refunded the duplicate charge of $49.00 (CH-4002).",
                     intent: "billing.double_charge",
                     calls: [("crm.verify_identity", ["customer_id": "C-1001", "method": "last4", "value": "4242"]),
                             ("billing.list_charges", ["customer_id": "C-1001"]),
                             ("billing.refund", ["charge_id": "CH-4002", "amount": .number(49), "reason": "duplicate charge"])]),
                .say("You're welcome, have a great day!", intent: "smalltalk.thanks"),
            ],
            "billing/large-refund": [
                .say(askLast4, intent: "billing.refund_request"),
                .say("Thanks. Refunds of that size are reviewed by a billing specialist, so I have passed this on.",
                     intent: "billing.refund_request",
                     calls: [("crm.verify_identity", ["customer_id": "C-1002", "method": "last4", "value": "1881"]),
                             ("handoff.escalate", ["customer_id": "C-1002", "reason": "refund_over_limit", "priority": "normal",
                                                   "summary": "Refund of 199.00 on INV-3002 requested", "intent": "billing.refund_request",
                                                   "actions_taken": ["crm.verify_identity"], "next_step": "Review the refund"])]),
            ],
            "escalation/legal-threat": [
                ScriptedStep(reply: AgentReply(
                    text: "I'm sorry. I'm handing this to a specialist right away.", intent: "legal.threat",
                    escalate: Handoff(reason: "legal", priority: "high", summary: "Chargeback and lawyer threat after outages",
                                      intent: "legal.threat", customerID: "C-1002", actionsTaken: [], nextStep: "Call the customer today"))),
            ],
            "orders/where-is-my-order": [
                .say("Order ORD-5001 is in transit with UPS, tracking 1Z999AA10123456784, arriving November 25.",
                     intent: "order.status", calls: [("orders.track_shipment", ["order_id": "ORD-5001"])]),
            ],
        ])
    }
}
