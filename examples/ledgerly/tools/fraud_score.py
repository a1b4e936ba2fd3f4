#!/usr/bin/env python3
"""An `exec` handler of a declared tool: scores a payment for fraud (docs/exec-tool-protocol.md).

Declare it in a suite's tools/ folder:

    collections:
      payments: {key: id}
    tools:
      - name: fraud_score
        description: Score a payment's fraud risk.
        parameters:
          payment_id: {type: string, required: true}
        exec:
          command: [python3, tools/fraud_score.py]
          collections: [payments]

SupportSim starts it once per call, writes one JSON line on stdin, and reads one JSON line
from stdout. Standard library only.
"""
import json
import sys
from decimal import Decimal

HOME_MARKETS = {"US", "CA", "GB", "FR", "DE"}


def answer(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def error(code, message):
    answer({"error": {"code": code, "message": message}})


def score(payment):
    """0 to 100: large amounts and payments from outside the home markets are riskier."""
    amount = payment["amount"]
    points = 40 if amount >= 1000 else 20 if amount >= 250 else 0
    if payment.get("country") not in HOME_MARKETS:
        points += 30
    return points


def main():
    # Amounts stay exact decimals, as SupportSim sends them.
    request = json.loads(sys.stdin.readline(), parse_float=Decimal)
    payment_id = request["arguments"].get("payment_id")
    if not isinstance(payment_id, str):
        return error("invalid_argument", "payment_id must be a string")
    payment = next((p for p in request["collections"]["payments"] if p.get("id") == payment_id), None)
    if payment is None:
        return error("not_found", f"No such payment: {payment_id}")
    amount = payment.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
        return error("invalid_argument", f"Payment {payment_id} has no numeric amount")
    points = score(payment)
    decision = "decline" if points >= 60 else "review" if points >= 30 else "approve"
    answer({"result": {"payment_id": payment_id, "score": points, "decision": decision}})


if __name__ == "__main__":
    main()
