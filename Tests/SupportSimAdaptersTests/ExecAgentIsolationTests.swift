import Foundation
@testable import SupportSimAdapters
import SupportSimCore
import SupportSimRunner
import SupportSimScoring
import SupportSimTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// An exec agent that misbehaves in one conversation costs that conversation only: the others of
/// the run complete, and no process of the agent outlives the run. Each test is a real run
/// through `SuiteRunner` with a small Python agent that has exactly one fault.
@Suite(.serialized)
struct ExecAgentIsolationTests {
    // Long enough that a loaded two-core CI machine does not turn a 0.1 s reply into a timeout.
    static let turnMs = 1500
    let suite: Suite

    init() throws {
        var s = try Fixtures.loadAcmeMini()
        s.config.turnTimeoutMs = Self.turnMs
        suite = s
    }

    /// The system Python when there is one: a version manager's shim adds startup time to turns.
    static var python: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    }

    /// A Python agent: `setup` runs once, `body` once per turn with `t` (the turn) and `c` (its
    /// conversation). `reply(t, text, after)` answers (after `after` seconds, from a timer
    /// thread); `raw(text)` writes a line as it is.
    static func script(setup: String = "", _ body: String) throws -> URL {
        func indent(_ s: String) -> String { s.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }
        let text = #"""
            import json, os, subprocess, sys, threading, time
            lock = threading.Lock()
            def raw(text):
                with lock:
                    sys.stdout.write(text + "\n"); sys.stdout.flush()
            def send(m):
                raw(json.dumps(m))
            def reply(t, text=None, after=0):
                m = {"type": "reply", "conversation": t["conversation"], "text": "ok " + t["conversation"] if text is None else text}
                if after: threading.Timer(after, send, [m]).start()
                else: send(m)
            \#(setup)
            while True:
                line = sys.stdin.readline()
                if not line: sys.exit(0)
                t = json.loads(line)
                if t["type"] != "turn": continue
                c = t["conversation"]
            \#(indent(body))
            """#
        let file = Fixtures.temporaryFolder("agent").appendingPathComponent("agent.py")
        try Data(text.utf8).write(to: file)
        return file
    }

    static func agent(setup: String = "", _ body: String, maxLineBytes: Int = 8 << 20, maxStrayLines: Int = 1000) throws -> ExecAgent {
        ExecAgent(command: [python, try script(setup: setup, body).path], maxLineBytes: maxLineBytes, maxStrayLines: maxStrayLines)
    }

    /// `turnTimeoutMs` replaces the suite's timeout where a test is not about the timeout, so that
    /// a loaded machine cannot turn slowness into a timeout. Runs never overlap the load test.
    /// `stopWhen`: the agent is stopped once it holds (at most 20 s after the run).
    func run(_ agent: ExecAgent, jobs: Int, repeatCount: Int = 2, filters: [String] = [], turnTimeoutMs: Int? = nil,
             stopWhen: @Sendable () -> Bool = { true }) async throws -> [ScenarioResult] {
        var suite = self.suite
        if let turnTimeoutMs { suite.config.turnTimeoutMs = turnTimeoutMs }
        return try await LoadGate.timing {
            try await agent.start()
            let results = await SuiteRunner(suite: suite, agent: agent).run(RunOptions(filters: filters, repeatCount: repeatCount, jobs: jobs))
            let deadline = ContinuousClock.now + .seconds(20)
            while !stopWhen(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            await agent.stop()
            return results
        }
    }

    /// Conversation id → reason, for the conversations that ended in error.
    func errors(_ results: [ScenarioResult]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: results.filter { $0.status == .error }.map { ($0.record.conversationID, $0.record.error ?? "") })
    }

    /// Every reply a conversation got was written for it (the agents answer "ok <conversation>").
    func everyReplyIsItsOwn(_ results: [ScenarioResult]) -> Bool {
        results.allSatisfy { r in r.record.agentReplies.allSatisfy { $0.text == "ok \(r.record.conversationID)" } }
    }

    // MARK: - Late and misaddressed replies

    @Test func aLateReplyIsNeverTakenForTheNextConversation() async throws {
        let a = try Self.agent("""
            reply(t, after=2.5 if c == "billing/large-refund#1" else 0.1)
            """)
        let results = try await run(a, jobs: 1, repeatCount: 4)
        #expect(results.count == 16)
        #expect(errors(results) == ["billing/large-refund#1": "turn 0: the agent did not reply within \(Self.turnMs) ms"])
        #expect(everyReplyIsItsOwn(results))
    }

    @Test func aLateReplyWhileOthersAreInFlightIsDiscardedAndLoggedUnderItsConversation() async throws {
        let a = try Self.agent("""
            reply(t, after=2.5 if c == "billing/large-refund#1" else 0.1)
            """)
        // The agent stays up until its late reply has come (the run may be over by then).
        let results = try await run(a, jobs: 2, repeatCount: 4, stopWhen: { a.log.contains("billing/large-refund#1") })
        #expect(errors(results) == ["billing/large-refund#1": "turn 0: the agent did not reply within \(Self.turnMs) ms"])
        #expect(everyReplyIsItsOwn(results))
        let note = a.log.split(separator: "\n").first { $0.contains("billing/large-refund#1") }
        #expect(note?.hasPrefix("[supportsim] discarded") == true, "the late reply is recorded: \(a.log)")
    }

    @Test func aReplyToAnUnknownConversationIsDiscardedAndOnlyTheSenderTimesOut() async throws {
        let a = try Self.agent("""
            if c == "escalation/legal-threat#1": send({"type": "reply", "conversation": "nobody#9", "text": "ok"})
            else: reply(t, after=0.05)
            """)
        let results = try await run(a, jobs: 2)
        #expect(errors(results) == ["escalation/legal-threat#1": "turn 0: the agent did not reply within \(Self.turnMs) ms"])
        #expect(everyReplyIsItsOwn(results))
        #expect(a.log.contains("[supportsim] discarded a reply for conversation \"nobody#9\""), "\(a.log)")
    }

    // MARK: - Lines that are not protocol messages

    @Test func strayLinesOnStdoutAreLoggedTruncatedAndSkipped() async throws {
        let a = try Self.agent("""
            if c == "billing/double-charge#1" and t["turn"] == 0:
                for i in range(97): raw("progress %d" % i)
                raw("[1, 2]"); raw(json.dumps({"type": "log", "text": "no conversation"})); raw("x" * 5000)
            reply(t)
            """)
        let results = try await run(a, jobs: 4)
        #expect(results.count == 8)
        #expect(errors(results) == [:])
        #expect(everyReplyIsItsOwn(results))
        let notes = a.log.split(separator: "\n").filter { $0.hasPrefix("[supportsim] ") }
        #expect(notes.count == 100)
        #expect(notes.contains { $0.hasSuffix("progress 96") })
        #expect(!a.log.contains(String(repeating: "x", count: 201)), "a long stray line is truncated in the log")
    }

    @Test func moreStrayLinesThanTheCapRestartTheAgentAndEndOnlyTheWaitingConversation() async throws {
        let a = try Self.agent("""
            if c == "billing/double-charge#1":
                for i in range(100): raw("progress %d" % i)
                continue
            reply(t)
            """, maxStrayLines: 50)
        let results = try await run(a, jobs: 1)
        #expect(errors(results) == ["billing/double-charge#1":
            "turn 0: the agent wrote more than 50 lines that are not protocol messages; it was restarted"])
        #expect(results.count == 8)
        #expect(everyReplyIsItsOwn(results))
    }

    // MARK: - Oversized lines

    @Test func aHundredMegabyteLineEndsItsConversationAndRestartsTheAgent() async throws {
        let a = try Self.agent("""
            if c == "billing/large-refund#1":
                sys.stdout.buffer.write(b"y" * (100 << 20) + b"\\n"); sys.stdout.flush()
                continue
            reply(t)
            """)
        // Writing and discarding 100 MB takes a while on a busy machine; the limit is what is tested.
        let results = try await run(a, jobs: 1, turnTimeoutMs: 20_000)
        #expect(errors(results) == ["billing/large-refund#1":
            "turn 0: the agent wrote a line longer than 8388608 bytes (maxLineBytes); it was restarted"])
        #expect(everyReplyIsItsOwn(results))
    }

    @Test func theLineLimitIsConfigurable() async throws {
        let a = try Self.agent("""
            reply(t, "z" * 2000 if c == "orders/where-is-my-order#2" else None)
            """, maxLineBytes: 1024)
        let results = try await run(a, jobs: 1)
        #expect(errors(results) == ["orders/where-is-my-order#2":
            "turn 0: the agent wrote a line longer than 1024 bytes (maxLineBytes); it was restarted"])
    }

    // MARK: - Processes

    @Test func aForkedGrandchildNeitherHidesTheAgentsExitNorOutlivesTheRun() async throws {
        let a = try Self.agent(setup: """
            sleeper = subprocess.Popen(["sleep", "300"])
            """, """
            if c == "orders/where-is-my-order#1": os._exit(3)
            reply(t, json.dumps({"pid": os.getpid(), "pgid": os.getpgid(0), "sleeper": sleeper.pid}))
            """)
        let results = try await run(a, jobs: 1)
        let reported = results.flatMap(\.record.agentReplies).compactMap { try? JSONValue.parse($0.text) }
        let sleepers = reported.compactMap { $0["sleeper"]?.intValue }.map { pid_t($0) }
        defer { for pid in Set(sleepers) { kill(pid, SIGKILL) } }
        #expect(errors(results) == ["orders/where-is-my-order#1": "turn 0: the agent process exited (status 3)"])
        #expect(reported.count == 9)
        #expect(reported.allSatisfy { $0["pid"] == $0["pgid"] }, "the agent leads a process group of its own")
        let groups = Set(reported.compactMap { $0["pgid"]?.intValue }.map { pid_t($0) })
        #expect(groups.count == 2, "one group before the exit, one after the restart")
        #expect(await Self.eventually { Self.livingProcesses(inGroups: groups).isEmpty },
                "left behind: \(Self.livingProcesses(inGroups: groups))")
    }

    @Test func theAgentStartsWithNoBlockedSignalsAndDefaultDispositions() async throws {
        let file = try Self.script(setup: """
            blocked = [l.split()[1] for l in open("/proc/self/status") if l.startswith("SigBlk:")][0]
            """, "reply(t, 'SigBlk ' + blocked)")
        // The shell reports the state it was started with, before Python sets handlers of its own.
        // Builtins only: a shell blocks every signal around a fork, which a child would see.
        let report = #"while read -r k v; do case $k in SigBlk:|SigIgn:) printf '%s\t%s\n' "$k" "$v" >&2;; esac; done < /proc/self/status; exec "$0" "$1""#
        let a = ExecAgent(command: ["/bin/sh", "-c", report, Self.python, file.path])
        // Spawned from a thread that blocks what harnesses commonly block, as a signal-handling CLI does.
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var set = sigset_t()
                sigemptyset(&set)
                for s in [SIGTERM, SIGINT, SIGHUP, SIGALRM] { sigaddset(&set, s) }
                pthread_sigmask(SIG_BLOCK, &set, nil)
                do { try a.startChildNow(); done.resume() } catch { done.resume(throwing: error) }
            }
        }
        let results = try await run(a, jobs: 1, repeatCount: 1, filters: ["orders/*"])
        #expect(results.first?.record.agentReplies.first?.text == "SigBlk 0000000000000000")
        #expect(await Self.eventually { a.log.contains("SigIgn:") })
        // Signals 1-31; 32 and 33 are glibc's own, which no program can reset.
        let ignored = a.log.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "no signal is left ignored (the harness ignores SIGPIPE): \(a.log)")
        #expect(a.log.contains("SigBlk:\t0000000000000000"))
    }

    // MARK: - Crashes

    @Test func aCrashEndsTheConversationsInFlightAndTheLaterOnesPass() async throws {
        let a = try Self.agent("""
            if c == "billing/large-refund#1": os._exit(3)
            reply(t, after=0.05)
            """)
        let results = try await run(a, jobs: 3, repeatCount: 3)
        let failed = errors(results)
        #expect(results.count == 12)
        #expect(failed["billing/large-refund#1"] == "turn 0: the agent process exited (status 3)")
        #expect(failed.count <= 3, "only the conversations in flight: \(failed)")
        #expect(failed.values.allSatisfy { $0.contains("exited (status 3)") || $0.contains("restarted") })
        #expect(everyReplyIsItsOwn(results))
    }

    @Test func aConversationIsNotSilentlyContinuedOnARestartedAgent() async throws {
        let a = try Self.agent("""
            if c == "crash#1": os._exit(3)
            reply(t)
            """)
        try await a.start()
        let tools = NoTools()
        let first = try await a.respond(to: Self.turn("talk#1", 0), tools: tools)
        #expect(first.text == "ok talk#1")
        await #expect(throws: AgentFailure("the agent process exited (status 3)")) {
            try await a.respond(to: Self.turn("crash#1", 0), tools: tools)
        }
        // talk#1 lived in the child that crashed; a fresh child would answer without its history.
        await #expect(throws: AgentFailure.self) { try await a.respond(to: Self.turn("talk#1", 1), tools: tools) }
        #expect(try await a.respond(to: Self.turn("fresh#1", 0), tools: tools).text == "ok fresh#1")
        await a.stop()
    }

    // MARK: - Helpers

    static func turn(_ conversation: String, _ n: Int) -> TurnInput {
        TurnInput(conversation: conversation, scenario: "s", turn: n, channel: .chat, customerID: nil, message: "hi", now: Date())
    }

    struct NoTools: ToolGateway {
        func call(_ operation: String, _ arguments: [String: JSONValue]) async -> ToolOutcome {
            .failure(ToolError(.notFound, "no tools here"))
        }
    }

    /// Whether `condition` holds within two seconds (processes take a moment to die).
    static func eventually(_ condition: @Sendable () -> Bool) async -> Bool {
        for _ in 0..<40 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Processes in the groups that are not yet dead. Zombies are dead: an orphan waits for init.
    static func livingProcesses(inGroups groups: Set<pid_t>) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (comm) state ppid pgrp ...": comm may hold spaces, so read after its ')'.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let pgrp = pid_t(fields[2]), groups.contains(pgrp), fields[0] != "Z" else { return nil }
            return "\(entry) \(stat.prefix(60))"
        }
    }
}
