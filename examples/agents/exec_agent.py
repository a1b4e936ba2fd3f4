#!/usr/bin/env python3
"""A small SupportSim agent for the `exec` protocol: JSON lines on stdin/stdout.

Run it with:  supportsim run examples/acme-mini --agent exec:"python3 examples/agents/exec_agent.py"

It handles a few intents of the acme-mini suite with plain rules, to show the protocol:
order status (a tool call, then a reply that quotes the result), legal threats (a hand-off
with context) and small talk. Standard library only.
"""
import json
import re
import sys
import itertools

_ids = itertools.count(1)
_pending_results = {}   # call id -> result, filled while we wait for our own tool call


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def read():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    return json.loads(line)


def call_tool(conversation, name, args):
    """Calls a backend through the harness and waits for the result of this call.

    Other conversations' turns may arrive meanwhile (the harness interleaves them); this simple
    agent queues them and answers them after the current one.
    """
    call_id = str(next(_ids))
    send({"type": "tool_call", "conversation": conversation, "id": call_id, "name": name, "args": args})
    while True:
        message = read()
        if message.get("type") == "tool_result" and message.get("id") == call_id:
            return message.get("result"), message.get("error")
        _backlog.append(message)


_backlog = []


def answer(turn):
    conversation = turn["conversation"]
    text = turn["message"]
    lower = text.lower()
    customer = turn.get("customer_id")

    if re.search(r"\b(lawyer|attorney|sue|chargeback)\b", lower):
        return {
            "type": "reply", "conversation": conversation,
            "text": "I'm sorry about this. I'm passing your case to a specialist who will contact you today.",
            "intent": "legal.threat",
            "escalate": {"reason": "legal", "priority": "high", "summary": text[:200], "intent": "legal.threat",
                         "customer_id": customer, "actions_taken": [], "next_step": "Call the customer today"},
        }

    order = re.search(r"\bORD-\d+\b", text, re.IGNORECASE)
    if order and ("where" in lower or "status" in lower or "track" in lower):
        result, error = call_tool(conversation, "orders.track_shipment", {"order_id": order.group(0).upper()})
        if error:
            return {"type": "reply", "conversation": conversation, "intent": "order.status",
                    "text": "Sorry, I couldn't find that order."}
        return {"type": "reply", "conversation": conversation, "intent": "order.status",
                "text": f"Order {order.group(0).upper()} is with {result['carrier']}, tracking {result['tracking']}, "
                        f"expected on {result['eta']}."}

    if re.search(r"\b(thanks|thank you)\b", lower):
        return {"type": "reply", "conversation": conversation, "intent": "smalltalk.thanks", "text": "You're welcome!"}

    return {"type": "reply", "conversation": conversation, "intent": "other",
            "text": "I can help with order status. What is your order number?"}


def main():
    while True:
        message = _backlog.pop(0) if _backlog else read()
        kind = message.get("type")
        if kind == "turn":
            send(answer(message))
        elif kind == "end":
            pass  # this agent keeps no memory to free


if __name__ == "__main__":
    main()
