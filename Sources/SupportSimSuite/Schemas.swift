import Foundation
import SupportSimCore

/// The shapes of every suite file (scenarios.md). Everything the loader accepts is declared here.
enum Schemas {
    static let version = Field("version", .integer(minimum: 1, maximum: SuiteLoader.supportedVersion),
                                "File format version; 1 when absent.")
    static let money = Shape.decimal(minimum: 0)
    static let strings = Shape.list(.string)
    static let priorities = ["low", "normal", "high", "urgent"]

    // MARK: - World

    static let records: [String: ObjectShape] = [
        "customers": ObjectShape([
            Field("id", .string, required: true), Field("name", .string, required: true), Field("email", .string),
            Field("phone", .string), Field("tier", .choice(["standard", "premium", "vip"])),
            Field("status", .choice(["active", "suspended", "closed"])), Field("language", .string),
            Field("since", .date),
            Field("verification", .object(ObjectShape([Field("last4", .string), Field("zip", .string),
                                                       Field("email", .string)]))),
            Field("notes", .string),
        ], collection: "customers"),
        "plans": ObjectShape([
            Field("id", .string, required: true), Field("name", .string, required: true),
            Field("price", money, required: true), Field("interval", .choice(["month", "year"])),
            Field("currency", .string), Field("description", .string),
        ], collection: "plans"),
        "subscriptions": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("plan", .reference("plans"), required: true),
            Field("status", .choice(["active", "trialing", "past_due", "cancelled", "paused"])),
            Field("started", .date), Field("renews_on", .date), Field("cancel_at_period_end", .boolean),
        ], collection: "subscriptions"),
        "invoices": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("amount", money, required: true), Field("currency", .string),
            Field("status", .choice(["draft", "open", "paid", "void", "uncollectible", "overdue"])),
            Field("issued", .date), Field("due", .date), Field("description", .string),
        ], collection: "invoices"),
        "charges": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("invoice", .reference("invoices")), Field("amount", money, required: true),
            Field("currency", .string), Field("status", .choice(["succeeded", "failed", "pending", "refunded"])),
            Field("created", .date), Field("refunded", money), Field("failure_reason", .string),
        ], collection: "charges"),
        "refunds": ObjectShape([
            Field("id", .string, required: true), Field("charge", .reference("charges"), required: true),
            Field("amount", money, required: true), Field("reason", .string), Field("status", .string),
            Field("created", .date),
        ], collection: "refunds"),
        "credits": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("amount", money, required: true), Field("reason", .string), Field("created", .date),
        ], collection: "credits"),
        "orders": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("status", .choice(["pending", "processing", "shipped", "delivered", "cancelled", "returned"]),
                  required: true),
            Field("placed", .date), Field("delivered", .date), Field("total", money), Field("currency", .string),
            Field("items", .list(.object(ObjectShape([
                Field("sku", .reference("products"), required: true), Field("name", .string),
                Field("qty", .integer(minimum: 1)), Field("price", money),
            ])))),
            Field("shipment", .object(ObjectShape([
                Field("carrier", .string), Field("tracking", .string),
                Field("status", .choice(["label_created", "in_transit", "out_for_delivery", "delivered",
                                         "exception", "returned"])),
                Field("eta", .date),
                Field("events", .list(.object(ObjectShape([
                    Field("at", .date, required: true), Field("status", .string, required: true),
                    Field("location", .string),
                ])))),
            ]))),
        ], collection: "orders"),
        "products": ObjectShape([
            Field("sku", .string, required: true), Field("name", .string, required: true),
            Field("price", money, required: true), Field("stock", .integer(minimum: 0), required: true),
            Field("currency", .string), Field("category", .string), Field("description", .string),
        ], collection: "products"),
        "returns": ObjectShape([
            Field("id", .string, required: true), Field("order", .reference("orders"), required: true),
            Field("items", strings), Field("reason", .string), Field("status", .string), Field("label_url", .string),
            Field("created", .date),
        ], collection: "returns"),
        "tickets": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("subject", .string, required: true), Field("description", .string),
            Field("status", .choice(["open", "pending", "solved", "closed"])),
            Field("priority", .choice(priorities)), Field("created", .date), Field("category", .string),
            Field("group", .string), Field("tags", strings),
            Field("comments", .list(.object(ObjectShape([
                Field("id", .string), Field("body", .string, required: true), Field("public", .boolean),
                Field("at", .date),
            ])))),
        ], collection: "tickets"),
        "interactions": ObjectShape([
            Field("id", .string, required: true), Field("customer", .reference("customers"), required: true),
            Field("at", .date), Field("channel", .choice(Channel.allCases.map(\.rawValue))),
            Field("summary", .string), Field("intent", .string), Field("outcome", .string),
        ], collection: "interactions"),
    ]

    static func keyField(of collection: String) -> String { collection == "products" ? "sku" : "id" }

    static var worldFile: ObjectShape { worldFile(custom: []) }

    /// With the collections a suite's declared tools use (tools/).
    static func worldFile(custom: [DeclaredCollection]) -> ObjectShape {
        ObjectShape([version] + worldCollections(custom),
                    summary: "A SupportSim world file: collections of records the mock backends start from.")
    }

    static func worldCollections(_ custom: [DeclaredCollection]) -> [Field] {
        World.collectionNames.map { Field($0, .list(.object(records[$0]!))) }
            + custom.filter { records[$0.name] == nil }.map { Field($0.name, .list(.object(recordShape($0)))) }
    }

    static let kbFrontMatter = ObjectShape([
        Field("id", .string, required: true), Field("title", .string, required: true), Field("tags", strings),
    ], summary: "Front matter of a knowledge-base article.")

    // MARK: - Scenarios

    static let textChecks: [Field] = [
        Field("mentions", .oneOrMany(.string), "Strings the reply must contain (number- and date-tolerant)."),
        Field("not_mentions", .oneOrMany(.string), "Strings the reply must not contain."),
        Field("matches", .oneOrMany(.regex), "Regular expressions the reply must match."),
        Field("not_matches", .oneOrMany(.regex), "Regular expressions the reply must not match."),
    ]

    static let action: Shape = {
        var shape = ObjectShape([
            Field("call", .operation(glob: false), required: true),
            Field("args", .object(ObjectShape([], additional: .argumentMatcher))),
            Field("result", .object(ObjectShape([], additional: .argumentMatcher)),
                  "Fields the call's result must hold, matched like args (e.g. verified: true)."),
            Field("times", .integer(minimum: 0)),
        ])
        shape.argumentsOfCall = true
        return .object(shape)
    }()

    /// `judge: "rubric"` or `judge: {rubric, pass_if}`: graded by the suite's judge model.
    static let judgeCheck = Shape.scalarOr(scalar: .string, structured: .object(ObjectShape([
        Field("rubric", .string, required: true, "What the judge grades, in plain words."),
        Field("pass_if", .rate, "The lowest score (0 to 1) that passes; without it the judge's verdict decides."),
    ])))

    static let turnExpect = ObjectShape([Field("intent", .string)] + textChecks + [
        Field("actions", .list(action)),
        Field("forbidden_actions", .oneOrMany(.operation(glob: true))),
        Field("escalates", .boolean),
        Field("asks_for", .oneOrMany(.string)),
        Field("judge", judgeCheck),
    ])

    static let sla = Shape.object(ObjectShape([
        Field("first_response_ms", .integer(minimum: 0)), Field("resolution_ms", .integer(minimum: 0)),
    ]))

    static func stateShape(_ custom: [DeclaredCollection]) -> Shape {
        .object(ObjectShape(worldCollections(custom).map { field in
            guard case .list(.object(let record), _) = field.shape else { return field }
            return Field(field.name, .scalarOr(scalar: .object(ObjectShape([Field("count", .integer(minimum: 0), required: true)])),
                                               structured: .list(.object(record.partial))))
        }))
    }

    static var conversationExpect: ObjectShape { conversationExpect(custom: []) }

    static func conversationExpect(custom: [DeclaredCollection]) -> ObjectShape {
        ObjectShape([
            Field("resolution", .choice(Resolution.allCases.map(\.rawValue))),
            Field("escalation", .object(ObjectShape([Field("reason", .string), Field("priority", .string)]))),
            Field("actions", .list(action)),
            Field("ordered", .boolean),
            Field("forbidden_actions", .oneOrMany(.operation(glob: true))),
        ] + textChecks + [
            Field("state", stateShape(custom)),
            Field("sla", sla),
            Field("grounded_facts", strings),
            Field("judge", judgeCheck),
        ])
    }

    static var scenarioFile: ObjectShape { scenarioFile(custom: []) }

    /// An OpenAI-compatible model SupportSim calls: the judge, the model-driven customer.
    static func modelEndpoint(required: Bool, extra: [Field] = []) -> ObjectShape {
        ObjectShape([
            Field("base_url", .string, required: required, "An OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1."),
            Field("model", .string, required: required),
            Field("api_key_env", .string, "The environment variable holding the API key (default OPENAI_API_KEY); a local server needs none."),
            Field("temperature", .decimal(minimum: 0)), Field("seed", .integer(minimum: 0)),
        ] + extra)
    }

    static func scenarioFile(custom: [DeclaredCollection]) -> ObjectShape {
        ObjectShape([
            version,
            Field("id", .string), Field("title", .string), Field("tags", strings),
            Field("customer", .reference("customers")),
            Field("channel", .choice(Channel.allCases.map(\.rawValue))),
            Field("world", .object(ObjectShape(worldCollections(custom)))),
            Field("knows", .object(ObjectShape([], additional: .string))),
            Field("faults", .list(.object(ObjectShape([
                Field("operation", .operation(glob: true), required: true),
                Field("error", .choice(["not_found", "invalid_argument", "conflict", "unavailable", "timeout"])),
                Field("times", .integer(minimum: 1)), Field("after", .integer(minimum: 0)),
                Field("latency_ms", .integer(minimum: 0)),
            ])))),
            // Required, except where a model plays the customer (a goal, a tau task).
            Field("turns", .list(.object(ObjectShape([
                Field("customer", .string, required: true), Field("expect", .object(turnExpect)),
            ])), minCount: 1)),
            Field("goal", .string, "What the customer wants; a model writes the customer's messages after the scripted ones."),
            Field("persona", .string, "Who the model-driven customer is and how they talk."),
            Field("max_turns", .integer(minimum: 1), "The most customer messages, scripted and simulated (default 10)."),
            Field("customer_model", .object(modelEndpoint(required: false)),
                  "This scenario's customer model, over the suite's customer_model: field by field."),
            Field("review", .choice(["needed"]),
                  "A drafted scenario awaiting a person's review; validate refuses it until the line is removed."),
            Field("source", .object(ObjectShape([
                Field("file", .string), Field("conversation", .string), Field("started_at", .string),
                Field("ended_at", .string), Field("outcome", .string),
            ])), "Where a drafted scenario came from (an exported conversation); for people, not checked."),
            Field("expect", .object(conversationExpect(custom: custom))),
            Field("waive", strings),
            Field("tau", .object(ObjectShape([
                Field("task_id", .integer(minimum: 0), required: true), Field("trial", .integer(minimum: 0)),
                Field("recorded_reward", .decimal(minimum: 0)),
            ])), "In a tau suite: the tau-bench task this scenario plays, and the recorded episode's trial and reward."),
        ], summary: "A SupportSim scenario: one scripted customer conversation and what must happen in it.")
    }

    // MARK: - Policies

    static let policiesFile = ObjectShape([
        version,
        Field("policies", .list(.object(ObjectShape([
            Field("id", .string, required: true), Field("description", .string, required: true),
            Field("severity", .choice(["critical", "major", "minor"]), required: true),
            Field("requires_before", .object(ObjectShape([
                Field("action", .oneOrMany(.operation(glob: true)), required: true),
                Field("prior", .oneOrMany(.operation(glob: true)), required: true),
                Field("same_customer", .boolean),
            ]))),
            Field("limit", .object(ObjectShape([
                Field("action", .oneOrMany(.operation(glob: true)), required: true),
                Field("arg", .string, required: true), Field("max", .decimal(minimum: nil), required: true),
                Field("otherwise", .choice(["escalate", "refuse"])),
            ]))),
            Field("must_escalate", .object(ObjectShape([
                Field("intents", strings), Field("mentions_any", strings),
                Field("tier", .list(.choice(["standard", "premium", "vip"]))),
            ], atLeastOne: ["intents", "mentions_any", "tier"]))),
            Field("never_say", .object(ObjectShape([Field("regex", .regex), Field("phrases", strings)],
                                                   atLeastOne: ["regex", "phrases"]))),
            Field("never_call", .oneOrMany(.operation(glob: true))),
        ], exactlyOne: PolicyRule.kinds)))),
    ], summary: "SupportSim policies: business rules an agent must never break.")

    // MARK: - Config

    /// The gate names: the metric catalogue's (Core), so that the loader, the JSON Schema and
    /// the reports agree.
    static var knownMetrics: [String] { MetricCatalogue.gateNames }

    /// Metrics whose value is a fraction from 0 to 1, so their bounds are too.
    static var rateMetrics: Set<String> { Set(MetricCatalogue.with(.gate).filter(\.kind.isFraction).map(\.name)) }

    static func gateBounds(_ bound: Shape) -> Shape {
        .object(ObjectShape([Field("min", bound), Field("max", bound)], atLeastOne: ["min", "max"]))
    }

    /// Rate gates are fields (bounds 0..1); any other name goes through `additional` so that the
    /// loader can say "unknown metric" with a suggestion, and `keyNames` gives the schema the list.
    static var gates: ObjectShape {
        ObjectShape(knownMetrics.filter(rateMetrics.contains).map { Field($0, gateBounds(.rate)) },
                    additional: gateBounds(.decimal(minimum: nil)), keyNames: knownMetrics)
    }

    /// `intents:` in the config: the names the suite's agent reports, as a list or as a mapping
    /// of name to example utterances.
    /// (`scalarOr` tries a mapping against its first shape and anything else against the second.)
    static let intents = Shape.scalarOr(scalar: .object(ObjectShape([], additional: .list(.string))),
                                        structured: .list(.string))

    static var configFile: ObjectShape {
        ObjectShape([
            version,
            Field("name", .string),
            Field("scenarios", .oneOrMany(.string), "Folder or glob(s) of scenario files."),
            Field("world", .oneOrMany(.string), "World folder or list of files."),
            Field("policies", .string),
            Field("tools", .string, "Folder of declared tools: the tools the agent calls (docs/your-own-tools.md)."),
            Field("agent", .scalarOr(scalar: .choice(["reference"]), structured: .object(ObjectShape([
                Field("exec", .list(.string, minCount: 1)), Field("http", .string), Field("replay", .string),
                Field("openai", .object(ObjectShape([
                    Field("base_url", .string, required: true), Field("model", .string, required: true),
                    Field("api_key_env", .string), Field("system_prompt_file", .string),
                    Field("temperature", .decimal(minimum: 0), "Sent with every request when given."),
                    Field("seed", .integer(minimum: 0), "Sent with every request when given."),
                ]))),
                Field("max_concurrency", .integer(minimum: 1), "Conversations in flight at once, at most (below `jobs`)."),
                Field("max_rps", .decimal(minimum: 0), "Agent turns started per second, at most."),
                Field("max_cost", money, "Once the run's model calls cost this much, no further conversation is started."),
            ], exactlyOne: ["exec", "http", "openai", "replay"])))),
            Field("repeat", .integer(minimum: 1)),
            Field("jobs", .scalarOr(scalar: .choice(["auto"]), structured: .integer(minimum: 1))),
            Field("timeouts", .object(ObjectShape([
                Field("turn_ms", .integer(minimum: 1)), Field("conversation_ms", .integer(minimum: 1)),
            ]))),
            Field("clock", .object(ObjectShape([
                Field("start", .dateTime), Field("customer_think_ms", .integer(minimum: 0)),
            ]))),
            Field("backends", .object(ObjectShape([
                Field("latency_ms", .object(ObjectShape(
                    ["crm", "billing", "orders", "tickets", "kb", "account", "handoff"].map {
                        Field($0, .integer(minimum: 0))
                    }))),
            ]))),
            Field("costs", .object(ObjectShape([
                Field("per_1k_input_tokens", money), Field("per_1k_output_tokens", money),
                Field("human_minute", money), Field("human_minutes_per_escalation", money),
            ]))),
            Field("grounded_facts", strings),
            Field("intents", intents, "Intent names the agent reports (a list, or name: [example utterances]); "
                  + "the reference agent's when absent."),
            Field("sla", sla),
            Field("gates", .object(gates)),
            Field("readiness", .object(ObjectShape([
                Field("autonomous", .decimal(minimum: 0)), Field("assisted", .decimal(minimum: 0)),
            ]))),
            Field("drift", .object(ObjectShape([
                Field("alpha", .decimal(minimum: 0)), Field("min_effect", .decimal(minimum: 0)),
                Field("transcript_similarity", .decimal(minimum: 0)),
            ]))),
            Field("judge", .object(modelEndpoint(required: true)), "The model that grades judge checks (docs/model-driven.md)."),
            Field("customer_model", .object(modelEndpoint(required: true, extra: [
                Field("max_turns", .integer(minimum: 1), "Customer messages per conversation when a scenario sets none (10)."),
            ])), "The model that plays the customer in scenarios with a goal: (docs/model-driven.md)."),
            Field("history", .string),
            Field("reports", .string),
            Field("domain", .choice(DomainName.allCases.map(\.rawValue)),
                  "The world and tools the agent works against: support (default) or a tau-bench domain."),
            Field("tau", .object(ObjectShape([
                Field("data", .string, "Folder laid out like tau-bench's data: db/*.json, tasks.json, tools.json, policy.md."),
                Field("reward_rule", .choice(["tau-7362a17", "database-and-outputs"])),
            ]))),
        ], summary: "SupportSim suite configuration (supportsim.yml).")
    }
}
