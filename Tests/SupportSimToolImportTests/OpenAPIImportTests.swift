import Foundation
import SupportSimCore
@testable import SupportSimToolImport
import Testing

/// An OpenAPI document becomes one tool per operation, in the document's order.
struct OpenAPIImportTests {
    let v30: ImportResult
    let v31: ImportResult

    init() throws {
        v30 = try imported(PaymentsHelpDesk30.yaml, file: "payments.yaml")
        v31 = try imported(PaymentsHelpDesk31.json, file: "payments.json")
    }

    @Test func everyOperationWithJSONBodiesIsAToolInTheDocumentsOrder() {
        #expect(v30.source == .openAPI(version: "3.0.3"))
        // /tickets/{ticket_id} lists patch before get; operationId payments.refund is sanitized;
        // the void operation has no operationId.
        #expect(v30.tools.map(\.name) == [
            "listPayments", "getPayment", "payments_refund", "post_payments_payment_id_void", "createTicket",
            "updateTicket", "getTicket", "addComment",
        ])
    }

    @Test func operationsWithFileBodiesAreSkippedWithAWarning() {
        #expect(v30.warnings.contains("skipped POST /tickets/{ticket_id}/attachments: its request body is not JSON (multipart/form-data)"))
        #expect(v30.warnings.contains("skipped GET /files/{file_id}/download: its response body is not JSON (application/pdf)"))
        #expect(v31.warnings.contains("skipped POST /tickets/{ticket_id}/attachments: its request body is not JSON (application/octet-stream)"))
    }

    @Test func queryParametersKeepTheirRequiredEnumAndDefault() throws {
        let tool = try v30.tool("listPayments")
        #expect(tool.description == "List a customer's payments.")
        #expect(tool.parameters == [
            ToolParameter(name: "customer_id", schema: .string("The customer's id."), required: true),
            ToolParameter(name: "status", schema: .string(enum: ["authorized", "pending", "settled", "refunded", "voided"]),
                          required: false),
            ToolParameter(name: "limit", schema: PropertySchema(type: .integer, defaultValue: 20), required: false),
        ])
        #expect(tool.resultStub == .object([.init("payments", .array([])), .init("count", .number(0))]))
    }

    @Test func pathParametersComeFromThePathItemAndComponents() throws {
        let tool = try v30.tool("getPayment")
        #expect(tool.parameters == [ToolParameter(name: "payment_id", schema: .string("The payment's id."), required: true)])
        let void = try v30.tool("post_payments_payment_id_void")
        #expect(void.description == "Void an authorized payment before it settles.")
        #expect(void.parameters.map(\.name) == ["payment_id"])
        #expect(void.resultStub == .emptyObject, "a 204 has no body")
    }

    @Test func theResultStubIsTheExampleInTheSchemasKeyOrder() throws {
        let expected = ResultValue.object([
            .init("id", .string("PAY-1001")), .init("amount", .number(Decimal(string: "49.9")!)),
            .init("currency", .string("USD")), .init("status", .string("settled")), .init("customer_id", .string("C-1")),
            .init("created", .string("2026-11-02T10:00:00Z")),
        ])
        #expect(try v30.tool("getPayment").resultStub == expected)
        #expect(try v31.tool("getPayment").resultStub == expected, "3.1's named examples")
    }

    @Test func aJSONBodysPropertiesAreParametersAfterThePathAndHeaderOnes() throws {
        let tool = try v30.tool("payments_refund")
        #expect(tool.description == "Refund part or all of a payment.\n\nThe money goes back to the card the payment was made with.")
        let item = PropertySchema(type: .object, properties: [
            .init(name: "sku", schema: .string()), .init(name: "quantity", schema: PropertySchema(type: .integer)),
        ], required: ["sku"])
        // Authorization is a header OpenAPI ignores as a parameter; refund_id is read-only.
        #expect(tool.parameters == [
            ToolParameter(name: "payment_id", schema: .string("The payment's id."), required: true),
            ToolParameter(name: "Idempotency-Key", schema: .string("Repeats with the same key refund once."), required: false),
            ToolParameter(name: "amount", schema: PropertySchema(type: .number, description: "An amount in the payment's currency."),
                          required: true),
            ToolParameter(name: "reason", schema: .string(enum: ["duplicate", "fraud", "customer_request"]), required: true),
            ToolParameter(name: "note", schema: .string(), required: false),
            ToolParameter(name: "items", schema: PropertySchema(type: .array, items: item), required: false),
        ])
        #expect(tool.resultStub == .object([
            .init("refund_id", .string("")), .init("status", .string("pending")), .init("amount", .number(0)),
        ]))
    }

    @Test func anAllOfOfObjectsIsMergedInOrderWithItsRequiredNames() throws {
        let tool = try v30.tool("createTicket")
        #expect(tool.parameters == [
            ToolParameter(name: "subject", schema: .string(), required: true),
            ToolParameter(name: "priority", schema: .string(enum: ["low", "normal", "high", "urgent"]), required: false),
            ToolParameter(name: "channel", schema: .string(enum: ["email", "chat", "phone"], default: "email"), required: false),
            ToolParameter(name: "customer_id", schema: .string("Who the ticket is for."), required: true),
            ToolParameter(name: "tags", schema: PropertySchema(type: .array, items: .string()), required: false),
        ])
        // A schema skeleton: enums give their first value, nested objects their fields; the
        // write-only secret is no part of a result.
        #expect(tool.resultStub == Self.ticket)
    }

    static let ticket = ResultValue.object([
        .init("subject", .string("")), .init("priority", .string("low")), .init("channel", .string("email")),
        .init("id", .string("")), .init("status", .string("open")),
        .init("assignee", .object([.init("id", .string("")), .init("name", .string(""))])),
        .init("tags", .array([])), .init("opened_at", .string("")),
    ])

    @Test func nestedObjectsKeepTheirPropertiesAndRequiredList() throws {
        let agent = PropertySchema(type: .object, properties: [.init(name: "id", schema: .string()), .init(name: "name", schema: .string())],
                                   required: ["id"])
        let update = try v30.tool("updateTicket")
        #expect(update.parameters == [
            ToolParameter(name: "ticket_id", schema: .string(), required: true),
            ToolParameter(name: "status", schema: .string(enum: ["open", "pending", "solved"]), required: false),
            ToolParameter(name: "priority", schema: .string(enum: ["low", "normal", "high", "urgent"]), required: false),
            ToolParameter(name: "assignee", schema: agent, required: false),
        ])
        #expect(update.resultStub == Self.ticket)
        let comment = try v30.tool("addComment")
        #expect(comment.parameters == [
            ToolParameter(name: "ticket_id", schema: .string(), required: true),
            ToolParameter(name: "body", schema: .string(), required: true),
            ToolParameter(name: "internal", schema: PropertySchema(type: .boolean, description: "Only agents see it: not the customer.",
                                                                   defaultValue: false), required: false),
            ToolParameter(name: "author", schema: agent, required: false),
        ])
        #expect(comment.resultStub == .object([
            .init("id", .string("")), .init("body", .string("")),
            .init("author", .object([.init("id", .string("")), .init("name", .string(""))])),
        ]))
    }

    @Test func headersAreParametersAndCookiesAreLeftOutWithAWarning() throws {
        let tool = try v30.tool("getTicket")
        #expect(tool.description == "A ticket with its assignee.")
        #expect(tool.parameters == [
            ToolParameter(name: "ticket_id", schema: .string(), required: true),
            ToolParameter(name: "X-Request-ID", schema: .string(), required: false),
        ])
        #expect(v30.warnings.contains("getTicket: the cookie parameter session is left out"))
    }

    @Test func openAPI31InJSONGivesTheSameDeclarations() throws {
        #expect(v31.source == .openAPI(version: "3.1.0"))
        #expect(v31.tools.map(\.name) == ["getPayment", "payments_refund", "createTicket"])
        for name in ["getPayment", "createTicket"] {
            #expect(try v31.tool(name) == v30.tool(name), "\(name)")
        }
        // 3.1 writes a nullable note as type [string, "null"]; the 3.0 document also has an
        // Authorization header, which is ignored.
        #expect(try v31.tool("payments_refund") == v30.tool("payments_refund"))
    }

    @Test func theDocumentsOwnWarningsAreFew() {
        #expect(v30.warnings.count == 3, "\(v30.warnings)")
    }
}
