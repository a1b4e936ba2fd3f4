import Foundation

/// The tools a suite's agent can call, as validation and scoring see them: names, arguments and
/// the few facts about them that checks need (which argument names the customer, which records a
/// customer owns, which call proves identity). The support domain's catalogue is tools.md's
/// (`OperationCatalogue`); a tau domain's is read from its `tools.json`. Nothing outside a domain
/// assumes its names: suite validation, policies and reports ask the suite's catalogue.
public struct ToolCatalogue: Sendable, Hashable {
    /// An argument that names a record a customer owns: `charge_id` names a record of `charges`,
    /// whose `ownerField` is the customer.
    public struct OwnedRecord: Sendable, Hashable {
        public var argument: String
        public var collection: String
        public var ownerField: String
        public init(argument: String, collection: String, ownerField: String) {
            self.argument = argument
            self.collection = collection
            self.ownerField = ownerField
        }
    }

    /// A call whose result says whether an identity check passed (`crm.verify_identity` answers
    /// `verified: false` for a wrong value although the call succeeded).
    public struct IdentityCheck: Sendable, Hashable {
        public var operation: String
        public var resultField: String
        public init(operation: String, resultField: String) {
            self.operation = operation
            self.resultField = resultField
        }
    }

    /// The tools in the order agents are offered them.
    public let tools: [OperationSpec]
    private let byName: [String: OperationSpec]
    /// Arguments that name the customer a call acts on (`customer_id`; tau-bench's `user_id`).
    public var customerArguments: [String]
    /// Arguments naming a record a customer owns: the domain's, and declared collections' (tools/).
    public var ownedRecords: [OwnedRecord]
    public var identityCheck: IdentityCheck?
    /// Where the names come from, for messages (`tools.md`, `tau/tools.json`).
    public var source: String
    /// What messages call one of these tools: tools.md's are "operations".
    public var noun: String
    /// Tools the suite declares (tools/), which the agent is offered instead of the domain's.
    public private(set) var declared: [DeclaredTool] = []

    public init(tools: [OperationSpec], customerArguments: [String], ownedRecords: [OwnedRecord] = [],
                identityCheck: IdentityCheck? = nil, source: String, noun: String = "tool")
    {
        self.noun = noun
        self.tools = tools
        var map: [String: OperationSpec] = [:]
        for tool in tools where map[tool.name] == nil { map[tool.name] = tool }
        byName = map
        self.customerArguments = customerArguments
        self.ownedRecords = ownedRecords
        self.identityCheck = identityCheck
        self.source = source
    }

    public static let support = ToolCatalogue(
        tools: OperationCatalogue.all, customerArguments: ["customer_id"],
        ownedRecords: [("charge_id", "charges"), ("order_id", "orders"), ("invoice_id", "invoices"), ("ticket_id", "tickets")]
            .map { OwnedRecord(argument: $0.0, collection: $0.1, ownerField: "customer") },
        identityCheck: IdentityCheck(operation: "crm.verify_identity", resultField: "verified"),
        source: "tools.md", noun: "operation")

    public func spec(_ name: String) -> OperationSpec? { byName[name] }
    public var names: [String] { tools.map(\.name) }
    public func contains(_ name: String) -> Bool { byName[name] != nil }

    /// Tool names matched by a glob such as `billing.*` or `get_*`.
    public func names(matching pattern: String) -> [String] { names.filter { Glob.matches(pattern, $0) } }

    /// The catalogue with a suite's declared tools, listed first; the domain's stay callable.
    public func adding(_ tools: [DeclaredTool]) -> ToolCatalogue {
        guard !tools.isEmpty else { return self }
        var copy = ToolCatalogue(tools: tools.map(\.spec) + self.tools, customerArguments: customerArguments,
                                 ownedRecords: ownedRecords, identityCheck: identityCheck,
                                 source: "tools/ and \(source)", noun: "tool")
        copy.declared = declared + tools
        return copy
    }

    /// What an agent is offered (adapters, `serve`, MCP): the declared tools when the suite
    /// declares any, else the domain's.
    public var offered: [ToolDescriptor] {
        declared.isEmpty
            ? tools.map { ToolDescriptor(name: $0.name, description: $0.summary, inputSchema: OperationCatalogue.inputSchema($0)) }
            : declared.map(\.descriptor)
    }

    /// A name to show in "expected a tool name such as …" messages.
    public var example: String { names.first(where: { $0.contains("refund") }) ?? names.first ?? "a tool name" }
}

extension ToolCatalogue {
    /// A catalogue from OpenAI function schemas (`[{type: function, function: {name,
    /// description, parameters}}]`, tau-bench's tools.json). Each problem names the schema.
    public init(functionSchemas: [JSONValue], customerArguments: [String], source: String) throws(ToolSchemaError) {
        var tools: [OperationSpec] = []
        var seen = Set<String>()
        for (index, schema) in functionSchemas.enumerated() {
            let function = schema["function"] ?? schema
            guard let name = function["name"]?.stringValue, !name.isEmpty else {
                throw ToolSchemaError("tool \(index + 1): expected a function schema with a name, found \(schema.jsonText().prefix(80))")
            }
            guard seen.insert(name).inserted else { throw ToolSchemaError("tool \(index + 1): \(name) is declared twice") }
            let parameters = function["parameters"] ?? ["type": "object", "properties": [:]]
            let required = Set((parameters["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            var arguments: [OperationSpec.Argument] = []
            for (argument, property) in parameters["properties"]?.objectValue?.sorted(by: { $0.key < $1.key }) ?? [] {
                arguments.append(.init(name: argument, type: Self.argumentType(property), required: required.contains(argument),
                                       allowed: (property["enum"]?.arrayValue ?? []).compactMap(\.stringValue),
                                       summary: property["description"]?.stringValue ?? ""))
            }
            tools.append(OperationSpec(name: name, summary: function["description"]?.stringValue ?? "",
                                       arguments: arguments, oneOf: []))
        }
        self.init(tools: tools, customerArguments: customerArguments, source: source)
    }

    /// The argument type a JSON Schema property describes; anything it cannot tell is `.any`.
    static func argumentType(_ property: JSONValue) -> OperationSpec.ArgumentType {
        switch property["type"]?.stringValue {
        case "string": return .string
        case "number": return .decimal
        case "integer": return .integer
        case "boolean": return .boolean
        case "object": return .object
        case "array": return property["items"]?["type"]?.stringValue == "string" ? .stringList : .list
        default: return .any
        }
    }
}

public struct ToolSchemaError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
