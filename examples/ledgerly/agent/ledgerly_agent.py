#!/usr/bin/env python3
"""Ledgerly's support agent, as a team would have written it: it calls Ledgerly's own API
(verify_identity, list_charges, refund_charge, void_payment, fraud_check, fx_rate, open_case,
handoff), never SupportSim's operation names. SupportSim mocks that API from the suite's tools/.

Run it with:  supportsim run examples/ledgerly
A faulty build of it (moves money without verifying, ignores the refund limit):
              supportsim run examples/ledgerly --agent exec:"python3 agent/ledgerly_agent.py --faulty"

The exec protocol: JSON lines on stdin and stdout (docs/agent-protocol.md). Standard library only.
"""
import itertools
import json
import re
import sys
from decimal import Decimal

FAULTY = "--faulty" in sys.argv[1:]
REFUND_LIMIT = Decimal("100")

_ids = itertools.count(1)
_backlog = []
_memory = {}  # conversation -> {"verified": bool, "pending": (kind, value)}


def number(value):
    """Decimals (amounts read exactly) written back as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def send(message):
    sys.stdout.write(json.dumps(message, default=number) + "\n")
    sys.stdout.flush()


def read():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    return json.loads(line, parse_float=Decimal)


def call(conversation, name, args):
    """One tool call through the harness; other conversations' messages wait in the backlog."""
    call_id = str(next(_ids))
    send({"type": "tool_call", "conversation": conversation, "id": call_id, "name": name, "args": args})
    while True:
        message = read()
        if message.get("type") == "tool_result" and message.get("id") == call_id:
            return message.get("result"), message.get("error")
        _backlog.append(message)


def money(value):
    return f"{Decimal(str(value)):.2f}"


class Turn:
    def __init__(self, message):
        self.conversation = message["conversation"]
        self.text = message["message"]
        self.lower = self.text.lower()
        self.customer = message.get("customer_id")
        self.memory = _memory.setdefault(self.conversation, {"verified": False, "pending": None})
        self.digits = self.last4()

    def reply(self, text, intent):
        return {"type": "reply", "conversation": self.conversation, "text": text, "intent": intent}

    def tool(self, name, **args):
        return call(self.conversation, name, args)

    def last4(self):
        """Four digits said as the card's (or in answer to our request for them)."""
        said = re.search(r"\b(?:ends?|ending)\s+(?:in|with)\s+(\d{4})\b", self.lower)
        if said:
            return said.group(1)
        if self.memory["pending"]:
            alone = re.search(r"\b(\d{4})\b", self.lower)
            return alone.group(1) if alone else None
        return None

    def verified(self):
        """Verifies the card holder when they gave the digits; faulty builds skip this."""
        if FAULTY or self.memory["verified"]:
            return True
        digits = self.digits
        if digits and self.customer:
            result, error = self.tool("verify_identity", customer_id=self.customer, last4=digits)
            self.memory["verified"] = bool(result and result.get("verified"))
        return self.memory["verified"]


def ask_for_card(turn, kind, value):
    turn.memory["pending"] = (kind, value)
    return turn.reply("I can help with that. Could you confirm the last four digits of the card on file?", "verify")


def refund(turn):
    stated = re.search(r"\b(\d+\.\d{2})\b", turn.text)
    if stated and Decimal(stated.group(1)) > REFUND_LIMIT and not FAULTY:
        turn.tool("handoff", customer_id=turn.customer, priority="normal", reason="refund over the limit",
                  summary=f"Customer asks for a refund of {stated.group(1)}, above the {money(REFUND_LIMIT)} limit.")
        return turn.reply(f"A refund of {stated.group(1)} needs a colleague's approval; I've passed it on to them.",
                          "billing.refund")
    if not turn.verified():
        return ask_for_card(turn, "refund", None)
    charges, error = turn.tool("list_charges", customer_id=turn.customer)
    if error:
        return turn.reply("I couldn't look up your charges just now. Please try again shortly.", "billing.refund")
    listed = charges.get("charges", [])
    if stated:
        target = next((c for c in listed if money(c["amount"]) == stated.group(1)), None)
    else:
        # A duplicate: two charges of the same amount on the same day; the later one is refunded.
        seen, target = {}, None
        for c in sorted(listed, key=lambda c: c["id"]):
            key = (money(c["amount"]), c.get("created"))
            if key in seen:
                target = c
            seen[key] = c
    if not target:
        return turn.reply("I couldn't find a charge to refund. Which charge do you mean?", "billing.refund")
    result, error = turn.tool("refund_charge", charge_id=target["id"], amount=target["amount"])
    if error:
        return turn.reply(f"The refund didn't go through: {error['message']}", "billing.refund")
    return turn.reply(f"Done: I've refunded {money(result['amount'])} for charge {result['charge_id']} "
                      f"(refund {result['refund_id']}).", "billing.refund")


def void(turn, payment_id):
    if not turn.verified():
        return ask_for_card(turn, "void", payment_id)
    result, error = turn.tool("void_payment", payment_id=payment_id)
    if error:
        return turn.reply(f"{error['message']}. Once it has settled I can refund it instead.", "payments.void")
    return turn.reply(f"Payment {result['id']} is now voided; the hold on your card will drop off.", "payments.void")


def answer(message):
    turn = Turn(message)
    lower = turn.lower

    if re.search(r"\b(lawyer|attorney|sue|chargeback)\b", lower):
        turn.tool("handoff", customer_id=turn.customer, priority="high", reason="legal threat",
                  summary=turn.text[:200])
        return turn.reply("I'm sorry about this. A specialist will contact you today.", "legal.threat")

    pending = turn.memory["pending"]
    if pending and turn.digits:
        turn.memory["pending"] = None
        return refund(turn) if pending[0] == "refund" else void(turn, pending[1])

    payment = re.search(r"\bPAY-\d+\b", turn.text)
    if payment and re.search(r"\b(flag\w*|fraud|risk)\b", lower):
        result, error = turn.tool("fraud_check", payment_id=payment.group(0))
        if error:
            return turn.reply(f"I couldn't check that payment: {error['message']}", "payments.risk")
        return turn.reply(f"Our risk service scored {result['payment_id']} at {result['score']}; its decision is "
                          f"{result['decision']}, so our team will look at it.", "payments.risk")
    if payment and re.search(r"\b(cancel|void)\b", lower):
        return void(turn, payment.group(0))

    if re.search(r"\b(refund|charged twice|double charge)\b", lower):
        return refund(turn)

    currency = re.search(r"\b([A-Z]{3})\b", turn.text)
    if currency and ("rate" in lower or turn.memory.get("rates")):
        turn.memory["rates"] = True
        result, error = turn.tool("fx_rate", currency=currency.group(1))
        if error:
            return turn.reply(f"{error['message']}.", "fx.rate")
        return turn.reply(f"Today's {result['currency']} rate is {result['rate']} per US dollar.", "fx.rate")

    if re.search(r"\b(error|broken|not working|crash\w*)\b", lower):
        result, error = turn.tool("open_case", customer_id=turn.customer, subject=turn.text[:80])
        if error:
            return turn.reply("I couldn't open a case just now; please try again shortly.", "helpdesk.case")
        return turn.reply(f"I've opened case {result['id']} for our support team; they'll be in touch.", "helpdesk.case")

    return turn.reply("I can help with refunds, payments, exchange rates and account problems.", "other")


def main():
    while True:
        message = _backlog.pop(0) if _backlog else read()
        if message.get("type") == "turn":
            send(answer(message))
        elif message.get("type") == "end":
            _memory.pop(message.get("conversation"), None)


if __name__ == "__main__":
    main()
