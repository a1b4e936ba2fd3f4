import Foundation
import SupportSimCore

/// Turns validated JSON into the typed model. Shapes have been checked already; what is left here
/// are the rules that span several keys (one rule per policy, one agent kind, ...).
enum ModelBuilders {
    static func strings(_ v: JSONValue?) -> [String] { v?.arrayValue?.compactMap(\.stringValue) ?? [] }

    static func int(_ v: JSONValue?) -> Int? { v?.intValue }

    // MARK: - Config

    static func config(_ v: JSONValue, validator: inout NodeValidator) -> SuiteConfig {
        var c = SuiteConfig()
        if let s = v["name"]?.stringValue { c.name = s }
        if let d = v["domain"]?.stringValue.flatMap(DomainName.init(rawValue:)) { c.domain = d }
        if let t = v["tau"] {
            if let d = t["data"]?.stringValue { c.tau.data = d }
            if let r = t["reward_rule"]?.stringValue { c.tau.rewardRule = r }
        }
        if let s = v["scenarios"] { c.scenarios = strings(s) }
        if let s = v["world"] { c.world = strings(s) }
        if let s = v["policies"]?.stringValue { c.policies = s }
        if let s = v["tools"]?.stringValue { c.tools = s }
        if let agent = v["agent"] {
            switch agent {
            case .string: c.agent = .reference
            case .object(let o):
                let limitKeys: Set<String> = ["max_concurrency", "max_rps", "max_cost"]
                c.agentLimits = AgentLimits(maxConcurrency: int(o["max_concurrency"]), maxRPS: o["max_rps"]?.decimalValue,
                                            maxCost: o["max_cost"]?.decimalValue)
                let kinds = o.keys.filter { !limitKeys.contains($0) }.sorted()
                if kinds.count != 1 {
                    if let at = validator.marks["agent"] {
                        validator.report(at, "expected exactly one of exec, http, openai, replay, found "
                                         + (kinds.isEmpty ? "none" : kinds.joined(separator: " and ")))
                    }
                } else if let argv = o["exec"] {
                    c.agent = .exec(strings(argv))
                } else if let file = o["replay"]?.stringValue {
                    c.agent = .replay(file)
                } else if let url = o["http"]?.stringValue {
                    c.agent = .http(url)
                } else if let oa = o["openai"] {
                    var spec = OpenAIAgentSpec(
                        baseURL: oa["base_url"]?.stringValue ?? "", model: oa["model"]?.stringValue ?? "",
                        apiKeyEnv: oa["api_key_env"]?.stringValue ?? "OPENAI_API_KEY",
                        systemPromptFile: oa["system_prompt_file"]?.stringValue)
                    spec.temperature = oa["temperature"]?.decimalValue
                    spec.seed = oa["seed"]?.intValue
                    c.agent = .openai(spec)
                }
            default: break
            }
        }
        if let r = int(v["repeat"]) { c.repeatCount = r }
        if let j = v["jobs"] { c.jobs = j.stringValue == "auto" ? nil : j.intValue }
        if let t = v["timeouts"] {
            if let n = int(t["turn_ms"]) { c.turnTimeoutMs = n }
            if let n = int(t["conversation_ms"]) { c.conversationTimeoutMs = n }
        }
        if let clock = v["clock"] {
            if let s = clock["start"]?.stringValue, let d = ISODate.parseDateTime(s) { c.clockStart = d }
            if let n = int(clock["customer_think_ms"]) { c.customerThinkMs = n }
        }
        if let lat = v["backends"]?["latency_ms"]?.objectValue {
            for (k, n) in lat { c.latencyMs[k] = n.intValue ?? 0 }
        }
        if let costs = v["costs"] {
            if let d = costs["per_1k_input_tokens"]?.decimalValue { c.costs.perThousandInputTokens = d }
            if let d = costs["per_1k_output_tokens"]?.decimalValue { c.costs.perThousandOutputTokens = d }
            if let d = costs["human_minute"]?.decimalValue { c.costs.humanMinute = d }
            if let d = costs["human_minutes_per_escalation"]?.decimalValue { c.costs.humanMinutesPerEscalation = d }
        }
        c.groundedFacts = strings(v["grounded_facts"])
        switch v["intents"] {
        case .array(let names)?: c.intents = Dictionary(names.compactMap(\.stringValue).map { ($0, []) }) { a, _ in a }
        case .object(let named)?: c.intents = named.mapValues(strings)
        default: break
        }
        if let sla = v["sla"] { c.sla = SLA(firstResponseMs: int(sla["first_response_ms"]), resolutionMs: int(sla["resolution_ms"])) }
        if let gates = v["gates"]?.objectValue {
            for (metric, bounds) in gates.sorted(by: { $0.key < $1.key }) {
                if !Schemas.knownMetrics.contains(metric), let at = validator.marks["gates.\(metric)"] {
                    validator.report(at, "unknown metric \"\(metric)\"" + Suggestion.didYouMean(metric, Schemas.knownMetrics))
                }
                let gate = Gate(metric: metric, min: bounds["min"]?.decimalValue, max: bounds["max"]?.decimalValue)
                let named = ["min", "max"].contains { validator.marks["gates.\(metric).\($0)"] != nil }
                if !named, let at = validator.marks["gates.\(metric)"] {
                    validator.report(at, "expected min or max")
                }
                c.gates.append(gate)
            }
        }
        if let r = v["readiness"] {
            if let d = r["autonomous"]?.decimalValue { c.readinessAutonomous = d }
            if let d = r["assisted"]?.decimalValue { c.readinessAssisted = d }
        }
        if let d = v["drift"] {
            if let x = d["alpha"]?.decimalValue { c.driftAlpha = x }
            if let x = d["min_effect"]?.decimalValue { c.driftMinEffect = x }
            if let x = d["transcript_similarity"]?.decimalValue { c.transcriptSimilarity = x }
        }
        c.judge = v["judge"].flatMap { modelEndpoint($0, over: nil) }
        if let m = v["customer_model"] {
            c.customerModel = modelEndpoint(m, over: nil)
            if let n = m["max_turns"]?.intValue { c.customerMaxTurns = n }
        }
        if let h = v["history"]?.stringValue { c.history = h }
        if let r = v["reports"]?.stringValue { c.reports = r }
        return c
    }

    // MARK: - Policies

    static func policies(_ v: JSONValue, validator: inout NodeValidator) -> [Policy] {
        var result: [Policy] = []
        var seen: [String: Location] = [:]
        for (i, p) in (v["policies"]?.arrayValue ?? []).enumerated() {
            let path = "policies[\(i)]"
            guard let id = p["id"]?.stringValue else { continue }
            if let first = seen[id], let at = validator.marks["\(path).id"] {
                validator.report(at, "duplicate policy id \"\(id)\" (first defined at line \(first.line))")
            }
            seen[id] = validator.marks["\(path).id"]
            let kinds = PolicyRule.kinds.filter { p[$0] != nil }
            guard kinds.count == 1, let kind = kinds.first else {
                if let at = validator.marks[path] {
                    validator.report(at, kinds.isEmpty
                        ? "a policy needs exactly one rule (\(PolicyRule.kinds.joined(separator: ", "))), found none"
                        : "a policy has exactly one rule, found \(kinds.joined(separator: " and "))")
                }
                continue
            }
            let body = p[kind]!
            let rule: PolicyRule
            switch kind {
            case "requires_before":
                rule = .requiresBefore(actions: strings(body["action"]), prior: strings(body["prior"]),
                                       sameCustomer: body["same_customer"]?.boolValue ?? false)
            case "limit":
                let actions = strings(body["action"]), argument = body["arg"]?.stringValue ?? ""
                rule = .limit(actions: actions, argument: argument,
                              max: body["max"]?.decimalValue ?? 0, otherwise: body["otherwise"]?.stringValue)
                // A limit on an argument none of its tools takes could never be broken.
                let tools = actions.flatMap { validator.catalogue.names(matching: $0) }.compactMap(validator.catalogue.spec)
                if !tools.isEmpty, !tools.contains(where: { $0.argument(argument) != nil }),
                    let at = validator.marks["\(path).limit.arg"]
                {
                    let known = Array(Set(tools.flatMap { $0.arguments.map(\.name) })).sorted()
                    validator.report(at, "no tool this limit covers takes an argument \"\(argument)\""
                                     + Suggestion.didYouMean(argument, known) + " (their arguments: \(known.joined(separator: ", ")))")
                }
            case "must_escalate":
                rule = .mustEscalate(intents: strings(body["intents"]), mentionsAny: strings(body["mentions_any"]),
                                     tiers: strings(body["tier"]))
                if rule == .mustEscalate(intents: [], mentionsAny: [], tiers: []), let at = validator.marks["\(path).must_escalate"] {
                    validator.report(at, "expected at least one of intents, mentions_any, tier")
                }
            case "never_say":
                rule = .neverSay(regex: body["regex"]?.stringValue, phrases: strings(body["phrases"]))
                if body["regex"] == nil, strings(body["phrases"]).isEmpty, let at = validator.marks["\(path).never_say"] {
                    validator.report(at, "expected regex or phrases")
                }
            default:
                rule = .neverCall(strings(body))
            }
            result.append(Policy(id: id, description: p["description"]?.stringValue ?? "",
                                 severity: Severity(rawValue: p["severity"]?.stringValue ?? "") ?? .major, rule: rule))
        }
        return result
    }

    // MARK: - Scenarios

    static func text(_ v: JSONValue?) -> TextExpectation {
        TextExpectation(mentions: strings(v?["mentions"]), notMentions: strings(v?["not_mentions"]),
                        matches: strings(v?["matches"]), notMatches: strings(v?["not_matches"]))
    }

    /// `{glob: …}` and `{regex: …}` match text; anything else must equal.
    static func matcher(_ value: JSONValue) -> ArgumentMatcher {
        if case .object(let o) = value, o.count == 1, let g = o["glob"]?.stringValue { return .glob(g) }
        if case .object(let o) = value, o.count == 1, let r = o["regex"]?.stringValue { return .regex(r) }
        return .equals(value)
    }

    static func actions(_ v: JSONValue?, path: String, validator: inout NodeValidator) -> [ActionExpectation] {
        var result: [ActionExpectation] = []
        for (i, a) in (v?.arrayValue ?? []).enumerated() {
            guard let call = a["call"]?.stringValue else { continue }
            var args: [String: ArgumentMatcher] = [:]
            let spec = validator.catalogue.spec(call)
            for (name, value) in a["args"]?.objectValue ?? [:] {
                if let spec, spec.argument(name) == nil, let at = validator.marks["\(path)[\(i)].args.\(name)"] {
                    validator.report(at, "\(call) has no argument \"\(name)\""
                                     + Suggestion.didYouMean(name, spec.arguments.map(\.name))
                                     + " (its arguments: \(spec.arguments.map(\.name).joined(separator: ", ")))")
                }
                if let argument = spec?.argument(name), let at = validator.marks["\(path)[\(i)].args.\(name)"],
                    let problem = typeProblem(value, argument.type)
                {
                    validator.report(at, problem)
                }
                args[name] = matcher(value)
            }
            let resultFields = (a["result"]?.objectValue ?? [:]).mapValues(matcher)
            result.append(ActionExpectation(call: call, args: args, result: resultFields, times: int(a["times"])))
        }
        return result
    }

    /// Whether an expected argument value can ever equal what the operation accepts.
    static func typeProblem(_ value: JSONValue, _ type: OperationSpec.ArgumentType) -> String? {
        if case .object(let o) = value, o.count == 1, o["glob"] != nil || o["regex"] != nil { return nil }
        let found = value.stringValue.map { "\"\($0)\"" } ?? value.jsonText()
        switch (type, value) {
        case (.decimal, .number), (.integer, .number), (.boolean, .bool), (.string, .string), (.string, .number),
             (.stringList, .array), (.list, .array), (.object, .object), (.any, _):
            return nil
        case (.decimal, _): return "expected a decimal number, found \(found)"
        case (.integer, _): return "expected a whole number, found \(found)"
        case (.boolean, _): return "expected true or false, found \(found)"
        case (.string, _): return "expected a string, found \(found)"
        case (.stringList, _): return "expected a list of strings, found \(found)"
        case (.list, _): return "expected a list, found \(found)"
        case (.object, _): return "expected a mapping, found \(found)"
        }
    }

    /// `judge: "rubric"` or `judge: {rubric, pass_if}`.
    static func judge(_ v: JSONValue?) -> JudgeExpectation? {
        guard let v else { return nil }
        if let rubric = v.stringValue { return JudgeExpectation(rubric: rubric) }
        guard let rubric = v["rubric"]?.stringValue else { return nil }
        return JudgeExpectation(rubric: rubric, passIf: v["pass_if"]?.decimalValue)
    }

    static func tauRef(_ v: JSONValue?) -> TauScenarioRef? {
        guard let v, let task = v["task_id"]?.intValue else { return nil }
        return TauScenarioRef(taskID: task, trial: v["trial"]?.intValue, recordedReward: v["recorded_reward"]?.decimalValue)
    }

    /// - Parameter customerModel: the suite's `customer_model:`, which the scenario's overrides.
    static func scenario(_ v: JSONValue, id defaultID: String, file: String, customerModel: ModelEndpoint? = nil,
                         validator: inout NodeValidator) -> Scenario {
        var turns: [ScenarioTurn] = []
        for (i, t) in (v["turns"]?.arrayValue ?? []).enumerated() {
            let e = t["expect"]
            var expect = TurnExpectation(
                intent: e?["intent"]?.stringValue, text: text(e),
                actions: actions(e?["actions"], path: "turns[\(i)].expect.actions", validator: &validator),
                forbiddenActions: strings(e?["forbidden_actions"]), escalates: e?["escalates"]?.boolValue,
                asksFor: strings(e?["asks_for"]))
            expect.judge = judge(e?["judge"])
            turns.append(ScenarioTurn(customer: t["customer"]?.stringValue ?? "", expect: expect))
        }
        var expect = ConversationExpectation()
        if let e = v["expect"] {
            expect.resolution = e["resolution"]?.stringValue.flatMap(Resolution.init(rawValue:))
            expect.escalationReason = e["escalation"]?["reason"]?.stringValue
            expect.escalationPriority = e["escalation"]?["priority"]?.stringValue
            expect.actions = actions(e["actions"], path: "expect.actions", validator: &validator)
            expect.ordered = e["ordered"]?.boolValue ?? false
            expect.forbiddenActions = strings(e["forbidden_actions"])
            expect.text = text(e)
            expect.judge = judge(e["judge"])
            for (collection, check) in e["state"]?.objectValue ?? [:] {
                if let count = check["count"]?.intValue {
                    expect.state[collection] = .count(count)
                } else {
                    expect.state[collection] = .contains(check.arrayValue?.compactMap(\.objectValue) ?? [])
                }
            }
            if let sla = e["sla"] {
                expect.sla = SLA(firstResponseMs: int(sla["first_response_ms"]), resolutionMs: int(sla["resolution_ms"]))
            }
            expect.groundedFacts = strings(e["grounded_facts"])
        }
        var world: [String: [Record]] = [:]
        for (collection, records) in v["world"]?.objectValue ?? [:] {
            world[collection] = records.arrayValue?.compactMap(\.objectValue) ?? []
        }
        var knows: [String: String] = [:]
        for (k, value) in v["knows"]?.objectValue ?? [:] { knows[k] = value.displayText }
        let faults = (v["faults"]?.arrayValue ?? []).map { f in
            Fault(operation: f["operation"]?.stringValue ?? "", error: f["error"]?.stringValue,
                  times: int(f["times"]), after: int(f["after"]), latencyMs: int(f["latency_ms"]))
        }
        var scenario = Scenario(
            id: v["id"]?.stringValue ?? defaultID, file: file, title: v["title"]?.stringValue ?? "",
            tags: strings(v["tags"]), customer: v["customer"]?.stringValue,
            channel: v["channel"]?.stringValue.flatMap(Channel.init(rawValue:)) ?? .chat,
            world: world, knows: knows, faults: faults, turns: turns, expect: expect, waive: strings(v["waive"]),
            tau: tauRef(v["tau"]))
        scenario.goal = v["goal"]?.stringValue
        scenario.persona = v["persona"]?.stringValue
        scenario.maxTurns = int(v["max_turns"])
        scenario.customerModel = v["customer_model"].map { modelEndpoint($0, over: customerModel) } ?? customerModel
        if v["customer_model"] != nil, scenario.customerModel == nil, let at = validator.marks["customer_model"] {
            validator.report(at, "expected base_url and model: supportsim.yml has no customer_model: for this one to build on")
        }
        return scenario
    }

    /// `judge:`, `customer_model:`: an endpoint given whole, or field by field over `base`
    /// (a scenario's customer_model over the suite's). Nil when base_url or model is missing.
    static func modelEndpoint(_ v: JSONValue, over base: ModelEndpoint?) -> ModelEndpoint? {
        guard let url = v["base_url"]?.stringValue ?? base?.baseURL, let model = v["model"]?.stringValue ?? base?.model else {
            return nil
        }
        return ModelEndpoint(baseURL: url, model: model,
                             apiKeyEnv: v["api_key_env"]?.stringValue ?? base?.apiKeyEnv ?? "OPENAI_API_KEY",
                             temperature: v["temperature"]?.decimalValue ?? base?.temperature,
                             seed: v["seed"]?.intValue ?? base?.seed)
    }
}
