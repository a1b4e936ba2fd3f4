/// A payments + help-desk API in OpenAPI 3.0, YAML: ten operations with path, query and header
/// parameters, JSON bodies built from $ref components (an enum, a nested object, an array, an
/// allOf), read-only properties, a 204, and two operations whose bodies are files.
enum PaymentsHelpDesk30 {
    static let yaml = #"""
    openapi: 3.0.3
    info:
      title: Payments and help desk
      version: "2026-11"
    paths:
      /payments:
        get:
          operationId: listPayments
          summary: List a customer's payments.
          parameters:
            - name: customer_id
              in: query
              required: true
              description: The customer's id.
              schema: {type: string}
            - name: status
              in: query
              schema: {$ref: '#/components/schemas/PaymentStatus'}
            - name: limit
              in: query
              schema: {type: integer, format: int32, minimum: 1, maximum: 100, default: 20}
          responses:
            '200':
              description: The payments, newest first.
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      payments: {type: array, items: {$ref: '#/components/schemas/Payment'}}
                      count: {type: integer}
      /payments/{payment_id}:
        parameters:
          - $ref: '#/components/parameters/PaymentId'
        get:
          operationId: getPayment
          summary: Look up one payment.
          responses:
            '200':
              description: The payment.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Payment'}
                  example:
                    status: settled
                    created: "2026-11-02T10:00:00Z"
                    id: PAY-1001
                    amount: 49.90
                    currency: USD
                    customer_id: C-1
            '404':
              description: No such payment.
      /payments/{payment_id}/refunds:
        post:
          operationId: payments.refund
          summary: Refund part or all of a payment.
          description: The money goes back to the card the payment was made with.
          parameters:
            - $ref: '#/components/parameters/PaymentId'
            - name: Idempotency-Key
              in: header
              description: Repeats with the same key refund once.
              schema: {type: string, format: uuid}
            - name: Authorization
              in: header
              schema: {type: string}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/RefundRequest'}
          responses:
            '201':
              description: The refund.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Refund'}
      /payments/{payment_id}/void:
        post:
          summary: Void an authorized payment before it settles.
          parameters:
            - $ref: '#/components/parameters/PaymentId'
          responses:
            '204':
              description: Voided.
      /tickets:
        post:
          operationId: createTicket
          summary: Open a help-desk ticket.
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  allOf:
                    - $ref: '#/components/schemas/TicketFields'
                    - type: object
                      required: [customer_id]
                      properties:
                        customer_id: {type: string, description: Who the ticket is for.}
                        tags: {type: array, items: {type: string}}
          responses:
            '201':
              description: The new ticket.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Ticket'}
      /tickets/{ticket_id}:
        parameters:
          - {name: ticket_id, in: path, required: true, schema: {type: string}}
        patch:
          operationId: updateTicket
          summary: Change a ticket's status, priority or assignee.
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    status: {type: string, enum: [open, pending, solved]}
                    priority: {$ref: '#/components/schemas/Priority'}
                    assignee: {$ref: '#/components/schemas/Agent'}
          responses:
            '200':
              description: The ticket.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Ticket'}
        get:
          operationId: getTicket
          description: A ticket with its assignee.
          parameters:
            - {name: X-Request-ID, in: header, schema: {type: string}}
            - {name: session, in: cookie, schema: {type: string}}
          responses:
            '200':
              description: The ticket.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Ticket'}
      /tickets/{ticket_id}/comments:
        post:
          operationId: addComment
          summary: Add a comment to a ticket.
          parameters:
            - {name: ticket_id, in: path, required: true, schema: {type: string}}
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [body]
                  properties:
                    body: {type: string, minLength: 1}
                    internal: {type: boolean, default: false, description: "Only agents see it: not the customer."}
                    author: {$ref: '#/components/schemas/Agent'}
          responses:
            '201':
              description: The comment.
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      id: {type: string}
                      body: {type: string}
                      author: {$ref: '#/components/schemas/Agent'}
      /tickets/{ticket_id}/attachments:
        post:
          operationId: uploadAttachment
          summary: Attach a file to a ticket.
          parameters:
            - {name: ticket_id, in: path, required: true, schema: {type: string}}
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    file: {type: string, format: binary}
          responses:
            '201':
              description: Attached.
      /files/{file_id}/download:
        get:
          operationId: downloadFile
          parameters:
            - {name: file_id, in: path, required: true, schema: {type: string}}
          responses:
            '200':
              description: The file.
              content:
                application/pdf:
                  schema: {type: string, format: binary}
    components:
      parameters:
        PaymentId:
          name: payment_id
          in: path
          required: true
          description: The payment's id.
          schema: {type: string, pattern: '^PAY-[0-9]+$'}
      schemas:
        PaymentStatus:
          type: string
          enum: [authorized, pending, settled, refunded, voided]
        Money:
          type: number
          format: double
          description: An amount in the payment's currency.
        Payment:
          type: object
          required: [id, amount, status]
          properties:
            id: {type: string, readOnly: true}
            amount: {$ref: '#/components/schemas/Money'}
            currency: {type: string, minLength: 3, maxLength: 3}
            status: {$ref: '#/components/schemas/PaymentStatus'}
            customer_id: {type: string}
            created: {type: string, format: date-time}
        RefundRequest:
          type: object
          required: [amount, reason]
          properties:
            amount: {$ref: '#/components/schemas/Money'}
            reason: {type: string, enum: [duplicate, fraud, customer_request]}
            note: {type: string, nullable: true, maxLength: 500}
            items:
              type: array
              items:
                type: object
                required: [sku]
                properties:
                  sku: {type: string}
                  quantity: {type: integer, minimum: 1}
            refund_id: {type: string, readOnly: true}
        Refund:
          type: object
          properties:
            refund_id: {type: string}
            status: {type: string, enum: [pending, succeeded]}
            amount: {$ref: '#/components/schemas/Money'}
        Priority:
          type: string
          enum: [low, normal, high, urgent]
        TicketFields:
          type: object
          required: [subject]
          properties:
            subject: {type: string, maxLength: 200}
            priority: {$ref: '#/components/schemas/Priority'}
            channel: {type: string, enum: [email, chat, phone], default: email}
        Agent:
          type: object
          required: [id]
          properties:
            id: {type: string}
            name: {type: string}
        Ticket:
          allOf:
            - $ref: '#/components/schemas/TicketFields'
            - type: object
              properties:
                id: {type: string}
                status: {type: string, enum: [open, pending, solved]}
                assignee: {$ref: '#/components/schemas/Agent'}
                tags: {type: array, items: {type: string}}
                opened_at: {type: string, format: date-time}
                secret: {type: string, writeOnly: true}
    """#
}
