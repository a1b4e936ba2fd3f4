/// Part of the same API in OpenAPI 3.1, JSON: 3.1's `type: [string, "null"]`, a description
/// beside a `$ref`, named examples, `$defs`-free components.
enum PaymentsHelpDesk31 {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {"title": "Payments and help desk", "version": "2026-11"},
      "paths": {
        "/payments/{payment_id}": {
          "parameters": [{"$ref": "#/components/parameters/PaymentId"}],
          "get": {
            "operationId": "getPayment",
            "summary": "Look up one payment.",
            "responses": {
              "200": {
                "description": "The payment.",
                "content": {
                  "application/json": {
                    "schema": {"$ref": "#/components/schemas/Payment"},
                    "examples": {
                      "settled": {
                        "summary": "A settled card payment",
                        "value": {"status": "settled", "created": "2026-11-02T10:00:00Z", "id": "PAY-1001",
                                  "amount": 49.90, "currency": "USD", "customer_id": "C-1"}
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/payments/{payment_id}/refunds": {
          "post": {
            "operationId": "payments.refund",
            "summary": "Refund part or all of a payment.",
            "description": "The money goes back to the card the payment was made with.",
            "parameters": [
              {"$ref": "#/components/parameters/PaymentId"},
              {"name": "Idempotency-Key", "in": "header", "description": "Repeats with the same key refund once.",
               "schema": {"type": "string", "format": "uuid"}}
            ],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefundRequest"}}}
            },
            "responses": {
              "201": {
                "description": "The refund.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refund"}}}
              }
            }
          }
        },
        "/tickets": {
          "post": {
            "operationId": "createTicket",
            "summary": "Open a help-desk ticket.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "allOf": [
                      {"$ref": "#/components/schemas/TicketFields"},
                      {"type": "object", "required": ["customer_id"],
                       "properties": {"customer_id": {"type": "string", "description": "Who the ticket is for."},
                                      "tags": {"type": "array", "items": {"type": "string"}}}}
                    ]
                  }
                }
              }
            },
            "responses": {
              "201": {"description": "The new ticket.",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ticket"}}}}
            }
          }
        },
        "/tickets/{ticket_id}/attachments": {
          "post": {
            "operationId": "uploadAttachment",
            "parameters": [{"name": "ticket_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "contentEncoding": "base64"}}}},
            "responses": {"201": {"description": "Attached."}}
          }
        }
      },
      "components": {
        "parameters": {
          "PaymentId": {"name": "payment_id", "in": "path", "required": true, "description": "The payment's id.",
                        "schema": {"type": "string", "pattern": "^PAY-[0-9]+$"}}
        },
        "schemas": {
          "PaymentStatus": {"type": "string", "enum": ["authorized", "pending", "settled", "refunded", "voided"]},
          "Money": {"type": "number", "format": "double", "description": "An amount in the payment's currency."},
          "Payment": {
            "type": "object",
            "required": ["id", "amount", "status"],
            "properties": {
              "id": {"type": "string", "readOnly": true},
              "amount": {"$ref": "#/components/schemas/Money"},
              "currency": {"type": "string", "minLength": 3, "maxLength": 3},
              "status": {"$ref": "#/components/schemas/PaymentStatus"},
              "customer_id": {"type": "string"},
              "created": {"type": "string", "format": "date-time"}
            }
          },
          "RefundRequest": {
            "type": "object",
            "required": ["amount", "reason"],
            "properties": {
              "amount": {"$ref": "#/components/schemas/Money"},
              "reason": {"type": "string", "enum": ["duplicate", "fraud", "customer_request"]},
              "note": {"type": ["string", "null"], "maxLength": 500},
              "items": {
                "type": "array",
                "items": {"type": "object", "required": ["sku"],
                          "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}}}
              },
              "refund_id": {"type": "string", "readOnly": true}
            }
          },
          "Refund": {
            "type": "object",
            "properties": {
              "refund_id": {"type": "string"},
              "status": {"type": "string", "enum": ["pending", "succeeded"]},
              "amount": {"$ref": "#/components/schemas/Money", "description": "What was refunded."}
            }
          },
          "Priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
          "TicketFields": {
            "type": "object",
            "required": ["subject"],
            "properties": {
              "subject": {"type": "string", "maxLength": 200},
              "priority": {"$ref": "#/components/schemas/Priority"},
              "channel": {"type": "string", "enum": ["email", "chat", "phone"], "default": "email"}
            }
          },
          "Agent": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
          "Ticket": {
            "allOf": [
              {"$ref": "#/components/schemas/TicketFields"},
              {"type": "object",
               "properties": {"id": {"type": "string"}, "status": {"type": "string", "enum": ["open", "pending", "solved"]},
                              "assignee": {"$ref": "#/components/schemas/Agent"},
                              "tags": {"type": "array", "items": {"type": "string"}},
                              "opened_at": {"type": "string", "format": "date-time"}}}
            ]
          }
        }
      }
    }
    """#
}
