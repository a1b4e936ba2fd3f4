import Foundation
@testable import SupportSimProcess
import SupportSimTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// OneShotProcess runs a command once: one line in, the first non-blank line out, and nothing of
/// the command outlives the call, whatever it does.
struct OneShotProcessTests {
    /// The answer line; its exit status is left out where the test is not about it (a handler
    /// that exits right after answering is reported with its status only if it exits within the
    /// grace period, and a loaded machine must not fail the test).
    func answer(_ outcome: OneShotOutcome) -> String? {
        if case .answered(let line, _) = outcome { return line }
        Issue.record("no answer: \(outcome)")
        return nil
    }

    // MARK: - Answers

    @Test func theAnswerIsTheFirstNonBlankLineOfStdout() async throws {
        let h = try ShellHandler("""
            read -r request
            echo; echo "   "
            echo "got $request"
            echo "a second line is never read as the answer"
            """)
        let outcome = await h.run(input: #"{"tool": "t"}"#)
        guard case .answered(let line, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(line == #"got {"tool": "t"}"#)
    }

    @Test func stdinGetsTheInputAndOneNewlineThenEndOfFile() async throws {
        // cat ends only at end of file: the answer proves stdin was closed.
        let h = try ShellHandler("cat > request.txt; echo done")
        #expect(answer(await h.run(input: "one line")) == "done")
        #expect(try h.file("request.txt") == "one line\n")
    }

    @Test func aLastLineWithoutNewlineCountsAndTheExitStatusIsReported() async throws {
        let h = try ShellHandler("printf 'unterminated'; exit 7")
        #expect(await h.run() == .answered(line: "unterminated", status: .exited(7)))
    }

    @Test func aHandlerThatNeverReadsStdinStillAnswers() async throws {
        // Far more than a pipe holds: a blocking write would never finish.
        let h = try ShellHandler("echo answer")
        let big = String(repeating: "x", count: 4 << 20)
        #expect(answer(await h.run(input: big)) == "answer")
    }

    @Test func aHandlerThatLingersAfterAnsweringIsKilledAndHasNoStatus() async throws {
        let h = try ShellHandler("echo $$ > leader.pid; echo answer; sleep 3600")
        #expect(await h.run() == .answered(line: "answer", status: nil))
        let leader = try h.pid("leader.pid")
        defer { kill(-leader, SIGKILL) }
        #expect(await Processes.eventuallyDead([leader]))
    }

    @Test func aGrandchildLeftSleepingAfterTheAnswerIsKilled() async throws {
        // The sleeper also holds stdout and stderr open: the handler's exit must still be seen.
        let h = try ShellHandler("sleep 30 & echo $! > sleeper.pid; echo answer")
        #expect(answer(await h.run()) == "answer")
        let sleeper = try h.pid("sleeper.pid")
        defer { kill(sleeper, SIGKILL) }
        #expect(await Processes.eventuallyDead([sleeper]), "the handler's process group is killed")
    }

    // MARK: - Failures

    // A handler that would sleep for an hour: the call can only end by the timeout killing it
    // (the time limit only stops a broken build from hanging the suite).
    @Test(.timeLimit(.minutes(1))) func aTimeoutKillsTheWholeGroup() async throws {
        let h = try ShellHandler("echo $$ > leader.pid; sleep 3600 & echo $! > sleeper.pid; wait")
        let outcome = await h.run(timeoutMs: 300)
        #expect(outcome == .timedOut(ms: 300))
        let pids = [try h.pid("leader.pid"), try h.pid("sleeper.pid")]
        defer { for pid in pids { kill(pid, SIGKILL) } }
        #expect(await Processes.eventuallyDead(pids), "no process of the handler outlives the call")
    }

    @Test func anExitWithoutAnswerGivesTheStatusAndTheEndOfStderr() async throws {
        let h = try ShellHandler("echo 'Traceback (most recent call last):' >&2; echo \"KeyError: 'amount'\" >&2; exit 3")
        #expect(await h.run() == .exitedWithoutAnswer(status: .exited(3),
                                                      stderrTail: "Traceback (most recent call last):\nKeyError: 'amount'"))
    }

    @Test func onlyTheLastTwoKilobytesOfStderrAreKept() async throws {
        let h = try ShellHandler("""
            i=0; while [ $i -lt 500 ]; do echo "noise line $i" >&2; i=$((i+1)); done
            echo 'the real error' >&2; exit 1
            """)
        guard case .exitedWithoutAnswer(.exited(1), let tail) = await h.run() else { Issue.record("no exit"); return }
        #expect(tail.hasPrefix("…"))
        #expect(tail.hasSuffix("noise line 499\nthe real error"))
        #expect(tail.utf8.count <= OneShotProcess.stderrTailBytes + 3)
    }

    @Test func aKilledHandlerExitsWithItsSignal() async throws {
        let h = try ShellHandler("kill -9 $$")
        #expect(await h.run() == .exitedWithoutAnswer(status: .signalled(9), stderrTail: ""))
    }

    @Test func aLineOverTheLimitIsRefusedAndALineAtTheLimitIsNot() async throws {
        let over = try ShellHandler("head -c 1025 /dev/zero | tr '\\0' x; echo")
        #expect(await over.run(maxOutputBytes: 1024) == .outputTooLarge(limit: 1024))
        let at = try ShellHandler("head -c 1024 /dev/zero | tr '\\0' x; echo")
        #expect(answer(await at.run(maxOutputBytes: 1024)) == String(repeating: "x", count: 1024))
    }

    @Test func endlessOutputWithoutNewlineStopsAtTheLimit() async throws {
        let h = try ShellHandler("echo $$ > leader.pid; tr -d '\\n' < /dev/zero")
        #expect(await h.run() == .outputTooLarge(limit: 1 << 20))
        let leader = try h.pid("leader.pid")
        defer { kill(-leader, SIGKILL) }
        #expect(await Processes.eventuallyDead([leader]))
    }

    @Test func aCancelledCallKillsTheHandler() async throws {
        let h = try ShellHandler("echo $$ > leader.pid; sleep 3600")
        let call = Task { await h.run() }
        // Cancelled once the handler is surely running (it has written its pid).
        while (try? h.pid("leader.pid")) == nil { try await Task.sleep(for: .milliseconds(10)) }
        call.cancel()
        #expect(await call.value == .cancelled)
        let leader = try h.pid("leader.pid")
        defer { kill(-leader, SIGKILL) }
        #expect(await Processes.eventuallyDead([leader]))
    }

    // MARK: - Cannot start

    @Test func aCommandThatIsNotOnPathSaysSo() async throws {
        let outcome = await OneShotProcess.run(command: ["python9", "tools/x.py"], workingDirectory: Fixtures.temporaryFolder(),
                                               input: "{}", timeoutMs: 1000)
        #expect(outcome == .cannotStart("cannot start `python9 tools/x.py`: python9 is not an executable file or on PATH"))
    }

    @Test func aRelativeProgramIsLookedUpInTheWorkingFolder() async throws {
        let folder = Fixtures.temporaryFolder()
        let missing = await OneShotProcess.run(command: ["tools/x.sh"], workingDirectory: folder, input: "{}", timeoutMs: 1000)
        #expect(missing == .cannotStart("cannot start `tools/x.sh`: there is no file \(folder.path)/tools/x.sh"))

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tools"), withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("tools/x.sh")
        try Data("#!/bin/sh\necho from-the-script\n".utf8).write(to: script)
        guard case .cannotStart(let message) = await OneShotProcess.run(command: ["tools/x.sh"], workingDirectory: folder,
                                                                        input: "{}", timeoutMs: 1000)
        else { Issue.record("a file without x bit started"); return }
        #expect(message.contains("is not executable (chmod +x it"))

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let ran = await OneShotProcess.run(command: ["tools/x.sh"], workingDirectory: folder, input: "{}", timeoutMs: 10_000)
        #expect(answer(ran) == "from-the-script")
    }

    @Test func aMissingWorkingFolderIsNamed() async throws {
        let outcome = await OneShotProcess.run(command: ["/bin/sh", "-c", "echo hi"],
                                               workingDirectory: URL(fileURLWithPath: "/nonexistent/suite"), input: "", timeoutMs: 1000)
        #expect(outcome == .cannotStart("cannot start `/bin/sh -c echo hi` in /nonexistent/suite: that folder does not exist"))
    }
}

/// LineSplitter, the stdout reader of exec agents and exec tools alike.
struct LineSplitterTests {
    @Test func anOverlongLineIsDiscardedWhileReadingAndTheNextLineIsKept() {
        var splitter = LineSplitter(maxLineBytes: 10)
        var events: [LineSplitter.Event] = []
        for chunk in ["abc\n0123456789\nxxxxxx", "xxxxxxxxx", "xxxx\nde", "f\n"] {
            splitter.feed(Array(chunk.utf8)) { events.append($0) }
            #expect(splitter.bufferedBytes <= 10, "never more than the limit is held")
        }
        #expect(events == [.line("abc"), .line("0123456789"), .oversized, .line("def")])
    }

    @Test func finishGivesAnUnterminatedLastLineButNotAnOverlongOne() {
        var events: [LineSplitter.Event] = []
        var splitter = LineSplitter(maxLineBytes: 10)
        splitter.feed(Array("a\nlast".utf8)) { events.append($0) }
        splitter.finish { events.append($0) }
        #expect(events == [.line("a"), .line("last")])

        events = []
        splitter.feed(Array("0123456789abc".utf8)) { events.append($0) }
        splitter.finish { events.append($0) }
        #expect(events == [.oversized])
    }
}
