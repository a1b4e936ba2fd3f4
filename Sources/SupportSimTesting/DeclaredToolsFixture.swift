import Foundation

/// A small suite whose agent calls its own API (tools/), one tool of each kind but exec, for
/// tests of declared tools across modules.
public enum DeclaredToolsFixture {
    public static let files: [String: String] = [
        "supportsim.yml": "version: 1\nname: Ledgerly\nclock: {start: 2026-11-20T09:00:00Z}\n",
        "scenarios/world/customers.yaml": """
            customers:
              - {id: C-1, name: Ann Lee, email: ann@example.com}
            charges:
              - {id: CH-1, customer: C-1, amount: 49.00, status: succeeded, created: 2026-11-01}
            """,
        "scenarios/world/payments.yaml": """
            payments:
              - {id: PAY-1, account: C-1, amount: 120.50, status: settled, created: 2026-11-02, refunded: 0}
              - {id: PAY-2, account: C-1, amount: 30.00, status: authorized, created: 2026-11-18, refunded: 0}
            """,
        "tools/payments.yaml": """
            version: 1
            collections:
              payments: {key: id}
              cases: {key: id, fields: [id, account, subject, priority, status, opened_at]}
            tools:
              - name: refund_charge
                description: Refund part or all of a card charge.
                parameters:
                  charge_id: {type: string, required: true}
                  amount: {type: number, required: true}
                maps_to:
                  call: billing.refund
                  args: {charge_id: $charge_id, amount: $amount, reason: customer request}
                  result: {refund_id: refund_id, refunded: amount}
              - name: get_payment
                description: A payment by id.
                parameters: {payment_id: {type: string, required: true}}
                records: {get: payments, key: $payment_id, error: "No such payment: $payment_id"}
              - name: list_payments
                description: An account's payments, newest first.
                parameters: {account_id: {type: string, required: true}}
                records: {list: payments, where: {account: $account_id}, order: -created, limit: 5}
              - name: void_payment
                description: Void a payment that has not settled.
                parameters: {payment_id: {type: string, required: true}}
                records:
                  update: payments
                  key: $payment_id
                  require: {status: [authorized, pending]}
                  error: "Payment $payment_id is $status and cannot be voided"
                  missing: "No such payment: $payment_id"
                  set: {status: voided, voided_at: $now}
              - name: partial_refund
                description: Record a refund against a payment.
                parameters:
                  payment_id: {type: string, required: true}
                  amount: {type: number, required: true}
                records: {update: payments, key: $payment_id, require: {status: settled}, increment: {refunded: $amount}}
              - name: open_case
                description: Open a help-desk case.
                parameters:
                  account_id: {type: string, required: true}
                  subject: {type: string, required: true}
                  priority: {type: string, enum: [low, normal, high, urgent], default: normal}
                records: {create: cases, id: "CASE-{n:04}", set: {account: $account_id, subject: $subject, priority: $priority, status: open, opened_at: $now}}
              - name: fx_rate
                description: Today's exchange rate from USD.
                parameters: {currency: {type: string, required: true}}
                responses:
                  - when: {currency: EUR}
                    result: {currency: EUR, rate: 0.92}
                  - when: {currency: {regex: "^[A-Z]{3}$"}}
                    error: {code: not_found, message: "no rate for $currency"}
                  - error: {code: invalid_argument, message: "$currency is not a currency code"}
            """,
        "scenarios/void.yaml": """
            turns:
              - customer: Please cancel the pending payment PAY-2.
                expect:
                  actions: [{call: void_payment, args: {payment_id: PAY-2}}]
            expect:
              state:
                payments: [{id: PAY-2, status: voided}]
            """,
    ]
}
