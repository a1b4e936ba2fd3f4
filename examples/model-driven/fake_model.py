#!/usr/bin/env python3
"""A scripted stand-in for an OpenAI-compatible model server, for this example only.

It plays the three models the suite configures, told apart by their requests: the agent (the
request offers tools), the customer (its system prompt plays a customer) and the judge (its
system prompt grades). It answers from fixed rules, so cassette.jsonl can be re-recorded on any
machine without a model:

    python3 examples/model-driven/fake_model.py --port 11434 &
    swift run supportsim run examples/model-driven --record

A real server (Ollama, vLLM, llama.cpp, OpenAI) is configured the same way; see
docs/model-driven.md. Python standard library only.
"""
import argparse
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def agent(messages):
    last = messages[-1]
    if last["role"] == "tool":
        result = json.loads(last["content"])
        if "error" in result:
            return {"content": "Sorry, I could not find that order. Could you check the order number?"}
        return {"content": "Your order is with %s, tracking %s, arriving %s." % (
            result.get("carrier"), result.get("tracking"), result.get("eta"))}
    text = last.get("content") or ""
    order = re.search(r"ORD-\d+", text)
    if order:
        call = {"id": "call_1", "type": "function",
                "function": {"name": "orders__track_shipment", "arguments": json.dumps({"order_id": order.group(0)})}}
        return {"content": None, "tool_calls": [call]}
    if "order" in text.lower() or "keyboard" in text.lower():
        return {"content": "I can check that for you. What is the order number?"}
    return {"content": "How can I help you today?"}


def customer(messages):
    system = messages[0]["content"]
    said = messages[-1]["content"] or ""
    if "arriving" in said:
        return {"content": "Great, thanks! ###STOP###"}
    if "order number" in said:
        known = re.search(r"- order_id: (\S+)", system)
        return {"content": "It's %s." % known.group(1) if known else "I don't have it, sorry."}
    return {"content": "Hi, I'm waiting for a keyboard I ordered. When will it arrive?"}


def judge(messages):
    transcript = messages[-1]["content"]
    ok = "tracking" in transcript
    return {"content": json.dumps({"verdict": "pass" if ok else "fail", "score": 1 if ok else 0,
                                   "reason": "The agent gave the carrier, tracking number and date."
                                   if ok else "The agent never gave a tracking number."})}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        messages = body["messages"]
        system = messages[0].get("content") or ""
        if "tools" in body:
            message = agent(messages)
        elif system.startswith("You grade"):
            message = judge(messages)
        else:
            message = customer(messages)
        message["role"] = "assistant"
        prompt = sum(len(m.get("content") or "") for m in messages) // 4
        completion = len(message.get("content") or json.dumps(message.get("tool_calls"))) // 4
        out = json.dumps({"choices": [{"message": message}],
                          "usage": {"prompt_tokens": prompt, "completion_tokens": completion}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=11434)
    port = parser.parse_args().port
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("listening on", server.server_address[1], flush=True)
    server.serve_forever()
