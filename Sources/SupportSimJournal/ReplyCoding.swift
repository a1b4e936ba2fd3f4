import Foundation
import SupportSimCore

// Lossless journal forms of what a played conversation holds: every field, so that a record
// read back scores exactly as the one that was played.

extension TokenUsage {
    var journalJSON: JSONValue { ["in": .int(inputTokens), "out": .int(outputTokens)] }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        self.init(inputTokens: try f.int("in"), outputTokens: try f.int("out"))
    }
}

extension Handoff {
    var journalJSON: JSONValue {
        ["reason": .string(reason), "priority": .string(priority), "summary": .string(summary), "intent": .optional(intent),
         "customer_id": .optional(customerID), "actions_taken": .strings(actionsTaken), "next_step": .optional(nextStep)]
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        self.init(reason: try f.string("reason"), priority: try f.string("priority"), summary: try f.string("summary"),
                  intent: try f.optionalString("intent"), customerID: try f.optionalString("customer_id"),
                  actionsTaken: try f.strings("actions_taken"), nextStep: try f.optionalString("next_step"))
    }
}

extension AgentReply {
    var journalJSON: JSONValue {
        ["text": .string(text), "intent": .optional(intent), "confidence": .optional(confidence),
         "escalate": escalate?.journalJSON ?? .null, "citations": .strings(citations), "usage": usage?.journalJSON ?? .null,
         "trace": .array(trace.map { ["agent": .string($0.agent), "decision": .string($0.decision)] }),
         "elapsed_ms": .optional(elapsedMs)]
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        var trace: [TraceStep] = []
        for t in try f.objects("trace") { trace.append(TraceStep(agent: try t.string("agent"), decision: try t.string("decision"))) }
        self.init(text: try f.string("text"), intent: try f.optionalString("intent"), confidence: try f.optionalDecimal("confidence"),
                  escalate: try f.optionalObject("escalate").map { o throws(JournalDecodingError) in try Handoff(journal: o) },
                  citations: try f.strings("citations"),
                  usage: try f.optionalObject("usage").map { o throws(JournalDecodingError) in try TokenUsage(journal: o) },
                  trace: trace, elapsedMs: try f.optionalInt("elapsed_ms"))
    }
}

extension TranscriptEntry {
    var journalJSON: JSONValue {
        ["speaker": .string(speaker.rawValue), "text": .string(text), "at_ms": .int(atMs), "turn": .int(turn),
         "scripted_turn": .int(scriptedTurn), "scripted": .bool(scripted), "reply": reply?.journalJSON ?? .null,
         "audit": [.int(auditRange.lowerBound), .int(auditRange.upperBound)]]
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        let bounds = try f.array("audit")
        guard bounds.count == 2, let low = bounds[0].intValue, let high = bounds[1].intValue, low <= high else {
            throw JournalDecodingError(field: "\(f.path).audit", problem: "expected [lower, upper]")
        }
        self.init(speaker: try f.raw("speaker", as: Speaker.self), text: try f.string("text"), atMs: try f.int("at_ms"),
                  turn: try f.int("turn"), scriptedTurn: try f.int("scripted_turn"), scripted: try f.bool("scripted"),
                  reply: try f.optionalObject("reply").map { o throws(JournalDecodingError) in try AgentReply(journal: o) },
                  auditRange: low..<high)
    }
}

extension AuditEntry {
    var journalJSON: JSONValue {
        var o: [String: JSONValue] = ["seq": .int(seq), "at_ms": .int(atMs), "operation": .string(operation),
                                      "args": .object(arguments), "latency_ms": .int(latencyMs), "actor": .optional(actor)]
        switch outcome {
        case .success(let r): o["result"] = r
        case .failure(let e): o["error"] = ["code": .string(e.code.rawValue), "message": .string(e.message)]
        }
        return .object(o)
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        let outcome: ToolOutcome
        if let e = try f.optionalObject("error") {
            outcome = .failure(ToolError(try e.raw("code", as: ToolError.Code.self), try e.string("message")))
        } else {
            outcome = .success(try f.value("result"))
        }
        self.init(seq: try f.int("seq"), atMs: try f.int("at_ms"), operation: try f.string("operation"),
                  arguments: try f.dictionary("args"), outcome: outcome, latencyMs: try f.int("latency_ms"),
                  actor: try f.optionalString("actor"))
    }
}

extension JudgeVerdict {
    var journalJSON: JSONValue {
        ["turn": .optional(turn), "rubric": .string(rubric), "verdict": .optional(verdict), "score": .optional(score),
         "reason": .optional(reason), "error": .optional(error), "usage": usage?.journalJSON ?? .null]
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        self.init(turn: try f.optionalInt("turn"), rubric: try f.string("rubric"), verdict: try f.optionalString("verdict"),
                  score: try f.optionalDecimal("score"), reason: try f.optionalString("reason"), error: try f.optionalString("error"),
                  usage: try f.optionalObject("usage").map { o throws(JournalDecodingError) in try TokenUsage(journal: o) })
    }
}

extension TauEpisodeOutcome {
    var journalJSON: JSONValue {
        ["task_id": .int(taskID), "trial": .int(trial), "reward": .number(reward), "recorded_reward": .optional(recordedReward),
         "outputs_matched": .int(outputsMatched), "outputs_total": .int(outputsTotal), "database_matched": .optional(databaseMatched),
         "outputs": .object(outputs.mapValues { .bool($0) }), "end": .string(end), "steps": .int(steps)]
    }
    init(journal f: JSONFields) throws(JournalDecodingError) {
        var outputs: [String: Bool] = [:]
        for (k, v) in try f.dictionary("outputs") {
            guard case .bool(let b) = v else { throw JournalDecodingError(field: "\(f.path).outputs.\(k)", problem: "expected true or false") }
            outputs[k] = b
        }
        self.init(taskID: try f.int("task_id"), trial: try f.int("trial"), reward: try f.decimal("reward"),
                  recordedReward: try f.optionalDecimal("recorded_reward"), outputsMatched: try f.int("outputs_matched"),
                  outputsTotal: try f.int("outputs_total"), databaseMatched: try f.optionalBool("database_matched"),
                  outputs: outputs, end: try f.string("end"), steps: try f.int("steps"))
    }
}
