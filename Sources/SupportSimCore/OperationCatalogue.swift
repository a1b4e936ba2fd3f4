import Foundation

/// One backend operation of tools.md: its arguments and what it does. This table is the single
/// source for argument validation in the backends, scenario validation, and the JSON Schemas
/// offered to model-based agents.
public struct OperationSpec: Sendable, Hashable {
    /// `list` is a list of anything but strings; `any` is an argument whose schema says no type.
    public enum ArgumentType: String, Sendable, Hashable { case string, decimal, integer, boolean, stringList, list, object, any }

    public struct Argument: Sendable, Hashable {
        public var name: String
        public var type: ArgumentType
        public var required: Bool
        public var allowed: [String]
        public var summary: String
        public init(name: String, type: ArgumentType, required: Bool, allowed: [String] = [], summary: String = "") {
            self.name = name
            self.type = type
            self.required = required
            self.allowed = allowed
            self.summary = summary
        }
    }

    public var name: String
    public var summary: String
    public var arguments: [Argument]
    /// Some operations need one of several arguments (`crm.find_customer`: email, phone or name).
    public var oneOf: [String]

    public var system: String { String(name.prefix { $0 != "." }) }

    public init(name: String, summary: String, arguments: [Argument], oneOf: [String] = []) {
        self.name = name
        self.summary = summary
        self.arguments = arguments
        self.oneOf = oneOf
    }

    public func argument(_ name: String) -> Argument? { arguments.first { $0.name == name } }
}

public enum OperationCatalogue {
    private static func arg(_ name: String, _ type: OperationSpec.ArgumentType = .string, required: Bool = true,
                            allowed: [String] = [], _ summary: String = "") -> OperationSpec.Argument
    {
        .init(name: name, type: type, required: required, allowed: allowed, summary: summary)
    }

    private static func op(_ name: String, _ summary: String, _ arguments: [OperationSpec.Argument],
                           oneOf: [String] = []) -> OperationSpec
    {
        .init(name: name, summary: summary, arguments: arguments, oneOf: oneOf)
    }

    public static let all: [OperationSpec] = [
        op("crm.find_customer", "Find customers by email, phone, or (partial, case-insensitive) name.",
           [arg("email", required: false), arg("phone", required: false), arg("name", required: false)],
           oneOf: ["email", "phone", "name"]),
        op("crm.get_customer", "Get a customer record (without verification facts).", [arg("customer_id")]),
        op("crm.verify_identity", "Check a fact that proves the customer's identity. A wrong value returns verified: false.",
           [arg("customer_id"), arg("method", allowed: ["last4", "zip", "email"]), arg("value")]),
        op("crm.update_customer", "Change a customer's email, phone, name or language.",
           [arg("customer_id"), arg("fields", .object, "Any of email, phone, name, language.")]),
        op("crm.get_history", "A customer's past interactions and tickets.", [arg("customer_id")]),
        op("crm.log_interaction", "Record an interaction with the customer.",
           [arg("customer_id"), arg("summary"), arg("intent", required: false), arg("outcome", required: false)]),
        op("crm.close_account", "Close a customer's account.", [arg("customer_id"), arg("reason")]),
        op("billing.get_subscription", "A customer's subscription with its plan.", [arg("customer_id")]),
        op("billing.list_invoices", "A customer's invoices.", [arg("customer_id")]),
        op("billing.get_invoice", "An invoice with its charges.", [arg("invoice_id")]),
        op("billing.list_charges", "A customer's charges, newest first.", [arg("customer_id")]),
        op("billing.refund", "Refund (part of) a charge. Fails if the amount exceeds what is left to refund.",
           [arg("charge_id"), arg("amount", .decimal), arg("reason")]),
        op("billing.change_plan", "Move a customer's subscription to another plan.", [arg("customer_id"), arg("plan_id")]),
        op("billing.cancel_subscription", "Cancel a customer's subscription.",
           [arg("customer_id"), arg("at_period_end", .boolean, required: false, "Default true.")]),
        op("billing.apply_credit", "Give a customer account credit.",
           [arg("customer_id"), arg("amount", .decimal), arg("reason")]),
        op("orders.list_orders", "A customer's orders.", [arg("customer_id")]),
        op("orders.get_order", "An order with its items and shipment.", [arg("order_id")]),
        op("orders.track_shipment", "Track a shipment by order id or tracking number.",
           [arg("order_id", required: false), arg("tracking", required: false)], oneOf: ["order_id", "tracking"]),
        op("orders.cancel_order", "Cancel an order that is pending or processing.", [arg("order_id"), arg("reason")]),
        op("orders.create_return", "Create a return for delivered items, within 30 days of delivery.",
           [arg("order_id"), arg("items", .stringList, "SKUs to return."), arg("reason")]),
        op("orders.check_stock", "Stock of a product.", [arg("sku")]),
        op("tickets.create", "Open a support ticket.",
           [arg("customer_id"), arg("subject"), arg("description"),
            arg("priority", allowed: ["low", "normal", "high", "urgent"]), arg("category", required: false),
            arg("tags", .stringList, required: false)]),
        op("tickets.update", "Change a ticket's status, priority, tags or group.",
           [arg("ticket_id"), arg("status", required: false, allowed: ["open", "pending", "solved", "closed"]),
            arg("priority", required: false, allowed: ["low", "normal", "high", "urgent"]),
            arg("tags", .stringList, required: false), arg("group", required: false)]),
        op("tickets.comment", "Add a comment to a ticket.",
           [arg("ticket_id"), arg("body"), arg("public", .boolean, required: false)]),
        op("tickets.list", "A customer's tickets.", [arg("customer_id"), arg("status", required: false)]),
        op("tickets.get", "A ticket with its comments.", [arg("ticket_id")]),
        op("kb.search", "Ranked full-text search of the knowledge base.",
           [arg("query"), arg("limit", .integer, required: false, "Default 3.")]),
        op("kb.get_article", "The full text of a knowledge-base article.", [arg("article_id")]),
        op("account.send_password_reset", "Send a password-reset e-mail.", [arg("customer_id")]),
        op("handoff.escalate", "Hand the conversation to a human with its context; the conversation ends.",
           [arg("customer_id", required: false), arg("reason"),
            arg("priority", allowed: ["low", "normal", "high", "urgent"]), arg("summary"),
            arg("intent", required: false), arg("actions_taken", .stringList, required: false),
            arg("next_step", required: false)]),
    ]

    public static let byName: [String: OperationSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func spec(_ name: String) -> OperationSpec? { byName[name] }

    public static var names: [String] { all.map(\.name) }

    /// JSON Schema of an operation's arguments (for function-calling models and MCP tools).
    public static func inputSchema(_ spec: OperationSpec) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for a in spec.arguments {
            var p: [String: JSONValue]
            switch a.type {
            case .string: p = ["type": "string"]
            case .decimal: p = ["type": "number"]
            case .integer: p = ["type": "integer"]
            case .boolean: p = ["type": "boolean"]
            case .stringList: p = ["type": "array", "items": ["type": "string"]]
            case .list: p = ["type": "array"]
            case .object: p = ["type": "object"]
            case .any: p = [:]
            }
            if !a.allowed.isEmpty { p["enum"] = .array(a.allowed.map { .string($0) }) }
            if !a.summary.isEmpty { p["description"] = .string(a.summary) }
            properties[a.name] = .object(p)
        }
        return [
            "type": "object",
            "properties": .object(properties),
            "required": .array(spec.arguments.filter(\.required).map { .string($0.name) }),
            "additionalProperties": false,
        ]
    }
}

/// A tool as agents, `serve` and MCP offer it: name, description and JSON Schema parameters.
/// The support domain's come from the operation catalogue; a tau domain's from its tools.json.
public struct ToolDescriptor: Sendable, Hashable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue
    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }

    public static let support: [ToolDescriptor] = OperationCatalogue.all.map {
        ToolDescriptor(name: $0.name, description: $0.summary, inputSchema: OperationCatalogue.inputSchema($0))
    }

    /// As an OpenAI chat-completions request offers it.
    public var functionSchema: JSONValue {
        ["type": "function", "function": ["name": .string(name), "description": .string(description), "parameters": inputSchema]]
    }

    /// From OpenAI function schemas (`{type: function, function: {name, description, parameters}}`).
    public static func fromFunctionSchemas(_ schemas: [JSONValue]) -> [ToolDescriptor] {
        schemas.compactMap { s in
            let f = s["function"] ?? s
            guard let name = f["name"]?.stringValue else { return nil }
            return ToolDescriptor(name: name, description: f["description"]?.stringValue ?? "",
                                  inputSchema: f["parameters"] ?? ["type": "object", "properties": [:]])
        }
    }
}

/// A gateway whose calls can be listed (`GET /audit` of `serve`).
public protocol AuditedGateway: ToolGateway {
    var auditLog: [AuditEntry] { get }
    var auditStart: Date { get }
}
