#!/usr/bin/env python3
"""A small SupportSim agent for the `http` protocol. Standard library only.

Start it, then point the harness at it:
    python3 examples/agents/http_agent.py --port 8080 &
    supportsim run examples/acme-mini --agent http:http://127.0.0.1:8080/turn

Each turn arrives as a POST with `tools_url`; the agent calls backends with
POST {tools_url}/tools/{operation} and the X-SupportSim-Conversation header, then answers the
turn with a reply object. It handles order status, legal threats and small talk.
"""
import argparse
import json
import re
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def call_tool(tools_url, conversation, operation, args):
    request = urllib.request.Request(
        f"{tools_url}/tools/{operation}", data=json.dumps(args).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-SupportSim-Conversation": conversation})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read()), None
    except urllib.error.HTTPError as error:
        return None, json.loads(error.read()).get("error")


def answer(turn):
    text, lower = turn["message"], turn["message"].lower()
    conversation, customer = turn["conversation"], turn.get("customer_id")
    if re.search(r"\b(lawyer|attorney|sue|chargeback)\b", lower):
        return {"type": "reply", "intent": "legal.threat",
                "text": "I'm sorry about this. A specialist will contact you today.",
                "escalate": {"reason": "legal", "priority": "high", "summary": text[:200], "intent": "legal.threat",
                             "customer_id": customer, "actions_taken": [], "next_step": "Call the customer today"}}
    order = re.search(r"\bORD-\d+\b", text, re.IGNORECASE)
    if order:
        result, error = call_tool(turn["tools_url"], conversation, "orders.track_shipment", {"order_id": order.group(0).upper()})
        if error:
            return {"type": "reply", "intent": "order.status", "text": "Sorry, I couldn't find that order."}
        return {"type": "reply", "intent": "order.status",
                "text": f"Order {order.group(0).upper()} is with {result['carrier']}, tracking {result['tracking']}, "
                        f"expected on {result['eta']}."}
    if re.search(r"\b(thanks|thank you)\b", lower):
        return {"type": "reply", "intent": "smalltalk.thanks", "text": "You're welcome!"}
    return {"type": "reply", "intent": "other", "text": "I can help with order status. What is your order number?"}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        reply = answer(body) if body.get("type") == "turn" else {"ok": True}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()
