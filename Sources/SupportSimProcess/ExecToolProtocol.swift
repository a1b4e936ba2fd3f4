import Foundation
import SupportSimCore

/// What an `exec` handler of a declared tool reads on stdin: one JSON object on one line
/// (declared-tools-format.md, "exec"; docs/exec-tool-protocol.md).
public struct ExecToolRequest: Sendable, Hashable {
    public var tool: String
    public var arguments: [String: JSONValue]
    /// The declared collections the handler receives, each as its full list of records.
    public var collections: [String: [Record]]
    /// The virtual clock's time, sent as ISO 8601 (`2026-11-20T09:00:00Z`).
    public var now: Date

    public init(tool: String, arguments: [String: JSONValue], collections: [String: [Record]], now: Date) {
        self.tool = tool
        self.arguments = arguments
        self.collections = collections
        self.now = now
    }

    /// `{"arguments": {...}, "collections": {"payments": [...]}, "now": "...", "tool": "..."}`.
    public var json: JSONValue {
        [
            "tool": .string(tool),
            "arguments": .object(arguments),
            "collections": .object(collections.mapValues { .array($0.map { .object($0) }) }),
            "now": .string(ISODate.formatDateTime(now)),
        ]
    }

    /// The request as written to stdin, without the newline: compact JSON never holds a raw
    /// newline (strings escape it), so it is always exactly one line. Keys are sorted, so the
    /// same call always writes the same bytes.
    public var line: String { json.jsonText() }
}

/// A handler's valid answer: its result or error, and the records it changed.
public struct ExecToolAnswer: Sendable, Hashable {
    public var outcome: ToolOutcome
    /// Full records to insert or replace (by the collection's key), per declared collection.
    /// Whether each has its key field is the caller's check: only it knows the keys.
    public var changes: [String: [Record]]
    /// Keys of records to delete, per declared collection.
    public var deleted: [String: [String]]

    public init(outcome: ToolOutcome, changes: [String: [Record]] = [:], deleted: [String: [String]] = [:]) {
        self.outcome = outcome
        self.changes = changes
        self.deleted = deleted
    }
}

/// Why a call of an exec tool got no valid answer. It ends the conversation: `description`
/// names the tool and its handler command and says what to fix.
public struct ExecToolFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The message already names the command (OneShotOutcome.cannotStart).
        case cannotStart(String)
        case timedOut(ms: Int)
        case exitedWithoutAnswer(status: ExitStatus, stderrTail: String)
        case outputTooLarge(limit: Int)
        /// The answer line is not JSON; its text as read.
        case garbage(String)
        /// JSON, but not an answer; what is wrong with it, as a phrase after "answered".
        case invalidAnswer(String)
        /// The calling task was cancelled (the conversation ended) before the handler answered.
        case cancelled
    }

    public var tool: String
    public var command: [String]
    public var reason: Reason

    public init(tool: String, command: [String], reason: Reason) {
        self.tool = tool
        self.command = command
        self.reason = reason
    }

    public var description: String {
        let handler = "its handler `\(command.joined(separator: " "))`"
        let what: String
        switch reason {
        case .cannotStart(let message):
            what = message
        case .timedOut(let ms):
            what = "\(handler) gave no answer within \(ms) ms (exec.timeout_ms); its process group was killed"
        case .exitedWithoutAnswer(let status, let tail):
            what = "\(handler) exited (\(status)) without an answer on stdout; "
                + (tail.isEmpty ? "it wrote nothing on stderr" : "the end of its stderr: \(SafeText.neutralized(tail))")
        case .outputTooLarge(let limit):
            what = "\(handler) wrote a stdout line longer than \(limit) bytes; an answer is one JSON object on one line"
        case .garbage(let line):
            let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
            what = "\(handler) answered garbage: \(SafeText.neutralized(shown))"
                + #" (an answer is one JSON object on one line: {"result": ...} or {"error": {"code": ..., "message": ...}})"#
        case .invalidAnswer(let problem):
            what = "\(handler) answered \(problem)"
        case .cancelled:
            what = "the call was cancelled before \(handler) answered; its process group was killed"
        }
        return "tool \(tool): \(what)"
    }
}

/// The exec protocol of declared tools, on top of OneShotProcess: one process per call.
public enum ExecToolProtocol {
    /// The error codes a handler may answer (ToolError.Code has more, which only the harness uses).
    public static let errorCodes: [ToolError.Code] = [.notFound, .invalidArgument, .conflict, .unavailable, .timeout]
    /// The longest answer line read.
    public static let maxAnswerBytes = 1 << 20

    /// Runs `command` in `workingDirectory` (the suite folder) for one call. `allowedCollections`
    /// are the tool's `exec.collections`: the only ones its answer may change.
    public static func call(command: [String], workingDirectory: URL, request: ExecToolRequest,
                            allowedCollections: Set<String>, timeoutMs: Int) async -> Result<ExecToolAnswer, ExecToolFailure> {
        let fail = { (reason: ExecToolFailure.Reason) in
            Result<ExecToolAnswer, ExecToolFailure>.failure(ExecToolFailure(tool: request.tool, command: command, reason: reason))
        }
        let outcome = await OneShotProcess.run(command: command, workingDirectory: workingDirectory, input: request.line,
                                               timeoutMs: timeoutMs, maxOutputBytes: maxAnswerBytes)
        switch outcome {
        // The exit status is ignored once an answer was read (the spec).
        case .answered(let line, _):
            return decodeAnswer(line, tool: request.tool, command: command, allowedCollections: allowedCollections)
        case .cannotStart(let message): return fail(.cannotStart(message))
        case .timedOut(let ms): return fail(.timedOut(ms: ms))
        case .exitedWithoutAnswer(let status, let tail): return fail(.exitedWithoutAnswer(status: status, stderrTail: tail))
        case .outputTooLarge(let limit): return fail(.outputTooLarge(limit: limit))
        case .cancelled: return fail(.cancelled)
        }
    }

    /// Reads one answer line. Strict on purpose: a misspelt `change` or an unknown error code
    /// silently ignored would make a handler's bug look like the agent's.
    public static func decodeAnswer(_ line: String, tool: String, command: [String],
                                    allowedCollections: Set<String>) -> Result<ExecToolAnswer, ExecToolFailure> {
        decode(line, allowedCollections: allowedCollections).mapError { ExecToolFailure(tool: tool, command: command, reason: $0.reason) }
    }

    /// A Reason as an Error, for Result.
    private struct Problem: Error {
        let reason: ExecToolFailure.Reason
        static func invalidAnswer(_ text: String) -> Problem { Problem(reason: .invalidAnswer(text)) }
        static func garbage(_ text: String) -> Problem { Problem(reason: .garbage(text)) }
    }

    private static func decode(_ line: String, allowedCollections: Set<String>) -> Result<ExecToolAnswer, Problem> {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { return .failure(.garbage(line)) }
        guard case .object(let fields) = value else {
            return .failure(.invalidAnswer("JSON that is not an object; write {\"result\": ...} or {\"error\": {...}}"))
        }
        if let unknown = fields.keys.sorted().first(where: { !["result", "error", "changes", "deleted"].contains($0) }) {
            return .failure(.invalidAnswer("an unknown field \"\(unknown)\"; an answer has result or error, and optionally changes and deleted"))
        }
        let outcome: ToolOutcome
        switch (fields["result"], fields["error"]) {
        case (let result?, nil):
            outcome = .success(result)
        case (nil, let error?):
            switch decodeError(error) {
            case .success(let e): outcome = .failure(e)
            case .failure(let problem): return .failure(problem)
            }
        case (.some, .some):
            return .failure(.invalidAnswer("both result and error; an answer has exactly one of them"))
        case (nil, nil):
            return .failure(.invalidAnswer("neither result nor error; an answer has exactly one of them"))
        }

        var answer = ExecToolAnswer(outcome: outcome)
        for (field, value) in [("changes", fields["changes"]), ("deleted", fields["deleted"])] {
            guard let value else { continue }
            guard case .object(let perCollection) = value else {
                return .failure(.invalidAnswer("\(field) that is not an object of collection name -> list"))
            }
            for name in perCollection.keys.sorted() {
                guard allowedCollections.contains(name) else {
                    let declared = allowedCollections.isEmpty ? "it declares none" : "it declares " + allowedCollections.sorted().joined(separator: ", ")
                    return .failure(.invalidAnswer("\(field) of collection \"\(name)\", which is not in its exec.collections (\(declared))"))
                }
                guard case .array(let items) = perCollection[name]! else {
                    return .failure(.invalidAnswer("\(field).\(name) that is not a list"))
                }
                for (i, item) in items.enumerated() {
                    switch (field, item) {
                    case ("changes", .object(let record)): answer.changes[name, default: []].append(record)
                    case ("changes", _): return .failure(.invalidAnswer("changes.\(name)[\(i)] that is not an object (a full record)"))
                    case (_, .string(let key)): answer.deleted[name, default: []].append(key)
                    default: return .failure(.invalidAnswer("deleted.\(name)[\(i)] that is not a key string"))
                    }
                }
            }
        }
        return .success(answer)
    }

    private static func decodeError(_ error: JSONValue) -> Result<ToolError, Problem> {
        let shape = #"write {"error": {"code": "not_found", "message": "..."}}"#
        guard case .object(let e) = error else { return .failure(.invalidAnswer("an error that is not an object; \(shape)")) }
        let codes = errorCodes.map(\.rawValue).joined(separator: ", ")
        guard let codeText = e["code"]?.stringValue else {
            return .failure(.invalidAnswer("an error without a code string; the codes are \(codes)"))
        }
        guard let code = ToolError.Code(rawValue: codeText), errorCodes.contains(code) else {
            return .failure(.invalidAnswer("the error code \"\(SafeText.neutralized(codeText))\"; the codes are \(codes)"))
        }
        guard let message = e["message"]?.stringValue else {
            return .failure(.invalidAnswer("an error without a message string; \(shape)"))
        }
        return .success(ToolError(code, message))
    }
}
