/// Four function tools as a chat-completions request's `tools` array.
enum SupportTools {
    static let json = #"""
    [
      {"type": "function", "function": {
        "name": "lookup_order",
        "description": "Look up an order by its id.",
        "parameters": {"type": "object", "additionalProperties": false,
                       "properties": {"order_id": {"type": "string", "description": "The order's id, e.g. ORD-1."}},
                       "required": ["order_id"]}}},
      {"type": "function", "function": {
        "name": "issue_refund",
        "description": "Refund an order, in full or in part.",
        "strict": true,
        "parameters": {"type": "object",
                       "properties": {"order_id": {"type": "string"},
                                      "amount": {"type": "number", "description": "In dollars."},
                                      "reason": {"type": "string", "enum": ["damaged", "late", "other"]}},
                       "required": ["order_id", "amount"]}}},
      {"type": "function", "function": {
        "name": "update_address",
        "parameters": {"type": "object",
                       "properties": {"customer_id": {"type": "string"},
                                      "address": {"type": "object",
                                                  "properties": {"street": {"type": "string"}, "city": {"type": "string"},
                                                                 "zip": {"type": "string"}},
                                                  "required": ["street", "zip"]}},
                       "required": ["customer_id", "address"]}}},
      {"type": "function", "function": {
        "name": "escalate.to-human",
        "description": "Hand the conversation to a person.",
        "parameters": {"type": "object",
                       "properties": {"priority": {"type": "integer", "enum": [1, 2, 3]},
                                      "tags": {"type": "array", "items": {"type": "string"}}}}}}
    ]
    """#
}
