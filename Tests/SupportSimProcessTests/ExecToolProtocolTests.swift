import Foundation
import SupportSimCore
@testable import SupportSimProcess
import SupportSimTesting
import Testing

/// The exec protocol of declared tools (declared-tools-format.md; docs/exec-tool-protocol.md):
/// the request a handler reads, the answers it may give, and the failures that end the
/// conversation, each naming the tool and its handler command.
struct ExecToolProtocolTests {
    static let now = ISODate.parseDateTime("2026-11-20T09:00:00Z")!

    static let request = ExecToolRequest(
        tool: "fraud_score", arguments: ["payment_id": "PAY-1"],
        collections: ["payments": [["id": "PAY-1", "amount": .number(Decimal(string: "120.50")!), "country": "FR"]]],
        now: now)

    func call(_ script: String, timeoutMs: Int = 10_000, collections: Set<String> = ["payments"]) async throws
        -> Result<ExecToolAnswer, ExecToolFailure>
    {
        let h = try ShellHandler(script)
        return await ExecToolProtocol.call(command: h.command, workingDirectory: h.folder, request: Self.request,
                                           allowedCollections: collections, timeoutMs: timeoutMs)
    }

    func failure(_ result: Result<ExecToolAnswer, ExecToolFailure>) -> String {
        if case .failure(let f) = result { return f.description }
        Issue.record("answered: \(result)")
        return ""
    }

    // MARK: - The request

    @Test func theRequestIsOneCompactLineWithSortedKeys() {
        #expect(Self.request.line == #"{"arguments":{"payment_id":"PAY-1"},"collections":{"payments":[{"amount":120.5,"country":"FR","id":"PAY-1"}]},"now":"2026-11-20T09:00:00Z","tool":"fraud_score"}"#)
        let text = ExecToolRequest(tool: "t", arguments: ["note": "two\nlines"], collections: [:], now: Self.now).line
        #expect(!text.contains("\n"), "a newline inside a string is escaped")
    }

    @Test func theHandlerReadsExactlyTheRequest() async throws {
        let result = try await call(#"read -r line; printf '{"result": %s}\n' "$line""#)
        #expect(try result.get().outcome == .success(Self.request.json))
    }

    // MARK: - Answers

    @Test func aResultKeepsExactDecimals() async throws {
        let result = try await call(#"echo '{"result": {"score": 0.1, "amount": 120.10}}'"#)
        #expect(try result.get() == ExecToolAnswer(outcome: .success(
            ["score": .number(Decimal(string: "0.1")!), "amount": .number(Decimal(string: "120.10")!)])))
    }

    @Test func anErrorIsAToolError() async throws {
        let result = try await call(#"echo '{"error": {"code": "not_found", "message": "No such payment: PAY-9"}}'"#)
        #expect(try result.get() == ExecToolAnswer(outcome: .failure(ToolError(.notFound, "No such payment: PAY-9"))))
    }

    @Test func changesAndDeletedComeWithTheAnswer() async throws {
        let result = try await call(#"""
            echo '{"result": {"ok": true}, "changes": {"payments": [{"id": "PAY-1", "status": "flagged"}]}, "deleted": {"payments": ["PAY-2"]}}'
            """#)
        let answer = try result.get()
        #expect(answer.outcome == .success(["ok": true]))
        #expect(answer.changes == ["payments": [["id": "PAY-1", "status": "flagged"]]])
        #expect(answer.deleted == ["payments": ["PAY-2"]])
    }

    @Test func theExitStatusIsIgnoredOnceAnAnswerWasRead() async throws {
        let result = try await call(#"echo '{"result": 1}'; exit 4"#)
        #expect(try result.get().outcome == .success(1))
    }

    // MARK: - Failures

    @Test func garbageIsShownByItsFirst80Characters() async throws {
        let text = "Traceback (most recent call last): File \"tools/fraud_score.py\", line 3, in <module> import numpy"
        let result = try await call("echo '\(text)'")
        let shown = String(text.prefix(80))
        #expect(failure(result) == "tool fraud_score: its handler `/bin/sh handler.sh` answered garbage: \(shown)… "
            + #"(an answer is one JSON object on one line: {"result": ...} or {"error": {"code": ..., "message": ...}})"#)
    }

    @Test func anExitWithoutAnswerShowsTheEndOfStderr() async throws {
        let result = try await call("echo \"KeyError: 'amount'\" >&2; exit 2")
        #expect(failure(result) == "tool fraud_score: its handler `/bin/sh handler.sh` exited (status 2) without an answer "
            + "on stdout; the end of its stderr: KeyError: 'amount'")
        let silent = try await call("exit 1")
        #expect(failure(silent).hasSuffix("exited (status 1) without an answer on stdout; it wrote nothing on stderr"))
    }

    @Test func aCommandThatDoesNotExistNamesTheToolTheCommandAndWhatIsMissing() async {
        let result = await ExecToolProtocol.call(command: ["python9", "tools/fraud_score.py"], workingDirectory: Fixtures.temporaryFolder(),
                                                 request: Self.request, allowedCollections: ["payments"], timeoutMs: 1000)
        #expect(failure(result) == "tool fraud_score: cannot start `python9 tools/fraud_score.py`: python9 is not an executable file or on PATH")
    }

    @Test func aTimeoutNamesTheLimitItsSettingAndTheKill() async throws {
        let result = try await call("sleep 3600", timeoutMs: 300)
        #expect(failure(result) == "tool fraud_score: its handler `/bin/sh handler.sh` gave no answer within 300 ms "
            + "(exec.timeout_ms); its process group was killed")
    }

    @Test func anAnswerOverOneMebibyteIsRefused() async throws {
        let result = try await call("head -c 1100000 /dev/zero | tr '\\0' x; echo")
        #expect(failure(result) == "tool fraud_score: its handler `/bin/sh handler.sh` wrote a stdout line longer than "
            + "1048576 bytes; an answer is one JSON object on one line")
    }

    /// Answers that are JSON but not an answer, each refused with what is wrong (decoded without
    /// a process: the line is all that matters).
    @Test(arguments: [
        (#"[1, 2]"#, #"JSON that is not an object; write {"result": ...} or {"error": {...}}"#),
        (#"{"result": 1, "error": {"code": "conflict", "message": "m"}}"#, "both result and error; an answer has exactly one of them"),
        (#"{"changes": {}}"#, "neither result nor error; an answer has exactly one of them"),
        (#"{"result": 1, "change": {}}"#, #"an unknown field "change"; an answer has result or error, and optionally changes and deleted"#),
        (#"{"error": "boom"}"#, #"an error that is not an object; write {"error": {"code": "not_found", "message": "..."}}"#),
        (#"{"error": {"message": "m"}}"#, "an error without a code string; the codes are not_found, invalid_argument, conflict, unavailable, timeout"),
        (#"{"error": {"code": "forbidden", "message": "m"}}"#, #"the error code "forbidden"; the codes are not_found, invalid_argument, conflict, unavailable, timeout"#),
        (#"{"error": {"code": "timeout"}}"#, #"an error without a message string; write {"error": {"code": "not_found", "message": "..."}}"#),
        (#"{"result": 1, "changes": {"orders": []}}"#, #"changes of collection "orders", which is not in its exec.collections (it declares payments)"#),
        (#"{"result": 1, "deleted": {"orders": ["O-1"]}}"#, #"deleted of collection "orders", which is not in its exec.collections (it declares payments)"#),
        (#"{"result": 1, "changes": []}"#, "changes that is not an object of collection name -> list"),
        (#"{"result": 1, "changes": {"payments": {"id": "P"}}}"#, "changes.payments that is not a list"),
        (#"{"result": 1, "changes": {"payments": [{"id": "P"}, "P-2"]}}"#, "changes.payments[1] that is not an object (a full record)"),
        (#"{"result": 1, "deleted": {"payments": [7]}}"#, "deleted.payments[0] that is not a key string"),
    ])
    func anInvalidAnswerSaysWhatIsWrong(line: String, problem: String) {
        let result = ExecToolProtocol.decodeAnswer(line, tool: "fraud_score", command: ["python3", "tools/fraud_score.py"],
                                                   allowedCollections: ["payments"])
        #expect(failure(result) == "tool fraud_score: its handler `python3 tools/fraud_score.py` answered \(problem)")
    }

    @Test func aToolWithoutCollectionsMayChangeNone() {
        let result = ExecToolProtocol.decodeAnswer(#"{"result": 1, "changes": {"payments": []}}"#, tool: "t", command: ["h"],
                                                   allowedCollections: [])
        #expect(failure(result).hasSuffix(#"changes of collection "payments", which is not in its exec.collections (it declares none)"#))
    }

    @Test func everyErrorCodeOfTheProtocolIsAccepted() throws {
        for code in ["not_found", "invalid_argument", "conflict", "unavailable", "timeout"] {
            let answer = try ExecToolProtocol.decodeAnswer(#"{"error": {"code": "\#(code)", "message": "m"}}"#, tool: "t",
                                                           command: ["h"], allowedCollections: []).get()
            #expect(answer.outcome == .failure(ToolError(ToolError.Code(rawValue: code)!, "m")))
        }
    }

    // MARK: - The Python example

    static let example = Fixtures.repositoryRoot.appendingPathComponent("examples/ledgerly/tools/fraud_score.py")

    @Test(.enabled(if: ExternalClients.python3 != nil || ExternalClients.requireAll,
                   "needs python3 on PATH to run examples/ledgerly/tools/fraud_score.py (.ci/run installs it)"))
    func thePythonExampleScoresAPaymentAndKnowsAMissingOne() async throws {
        let payments: [Record] = [
            ["id": "PAY-1", "amount": .number(Decimal(string: "49.90")!), "country": "US"],
            ["id": "PAY-2", "amount": .number(1800), "country": "BR"],
        ]
        func score(_ id: String) async -> Result<ExecToolAnswer, ExecToolFailure> {
            let request = ExecToolRequest(tool: "fraud_score", arguments: ["payment_id": .string(id)],
                                          collections: ["payments": payments], now: Self.now)
            return await ExecToolProtocol.call(command: ["python3", "examples/ledgerly/tools/fraud_score.py"],
                                               workingDirectory: Fixtures.repositoryRoot, request: request,
                                               allowedCollections: ["payments"], timeoutMs: 10_000)
        }
        #expect(try await score("PAY-1").get().outcome == .success(["payment_id": "PAY-1", "score": 0, "decision": "approve"]))
        #expect(try await score("PAY-2").get().outcome == .success(["payment_id": "PAY-2", "score": 70, "decision": "decline"]))
        #expect(try await score("PAY-9").get().outcome == .failure(ToolError(.notFound, "No such payment: PAY-9")))
    }

    @Test func theGuideShowsThePythonExampleAsItIs() throws {
        let guide = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/exec-tool-protocol.md"), encoding: .utf8)
        let script = try String(contentsOf: Self.example, encoding: .utf8)
        #expect(guide.contains("```python\n" + script + "```\n"), "docs/exec-tool-protocol.md quotes examples/ledgerly/tools/fraud_score.py")
    }
}
