import Foundation
import Hummingbird
import Logging
import NIOCore
import SupportSimAdapters
import SupportSimCore
import SupportSimServer
import SupportSimRunner
import SupportSimScoring

/// Figures for the external-agent adapters: the harness's cost per turn through `exec`, and
/// turns per second through `http` with a trivial agent on loopback.
enum AdapterBenchmarks {
    /// A Python agent that answers every turn at once: what remains is the pipe and the harness.
    static let trivialExecAgent = """
        import sys, json
        for line in sys.stdin:
            m = json.loads(line)
            if m.get("type") == "turn":
                sys.stdout.write(json.dumps({"type": "reply", "conversation": m["conversation"], "text": "ok"}) + "\\n")
                sys.stdout.flush()
        """

    static func run(_ suite: Suite, conversations: Int, jobs: Int?) async throws {
        let big = Benchmarks.replicate(suite, to: conversations)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("supportsim-bench-agent.py")
        try Data(trivialExecAgent.utf8).write(to: script)
        let exec = ExecAgent(command: ["python3", script.path])
        try await exec.start()
        var t0 = ContinuousClock.now
        let execResults = await SuiteRunner(suite: big, agent: exec, scorer: NoScorer()).run(RunOptions(jobs: jobs))
        let execTime = ContinuousClock.now - t0
        await exec.stop()
        let execTurns = Benchmarks.customerTurns(execResults)
        print(Benchmarks.row("exec, trivial Python agent, \(execResults.count) conversations", execTime, turns: execTurns))
        print(String(format: "  exec: %.0f µs per turn end to end (harness, pipe and the Python agent together)",
                     Benchmarks.seconds(execTime) / Double(max(1, execTurns)) * 1e6))

        // A trivial HTTP agent served in process by Hummingbird: the harness's HTTP path alone.
        let router = Router()
        router.post("turn") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let conversation = (try? JSONValue.parse(Data(body.readableBytesView)))?["conversation"] ?? ""
            let reply: JSONValue = ["type": "reply", "conversation": conversation, "text": "ok"]
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: reply.jsonText())))
        }
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        var quiet = Logger(label: "supportsim.bench")
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let server = Task { try await app.run() }
        var it = ready.makeAsyncIterator()
        let port = await it.next() ?? 0
        let http = HTTPAgent(url: "http://127.0.0.1:\(port)/turn", timeoutMs: 30_000, tools: LoopbackToolEndpoint())
        try await http.start()
        t0 = ContinuousClock.now
        let httpResults = await SuiteRunner(suite: big, agent: http, scorer: NoScorer()).run(RunOptions(jobs: jobs ?? 8))
        let httpTime = ContinuousClock.now - t0
        await http.stop()
        server.cancel()
        print(Benchmarks.row("http, trivial agent on loopback, \(httpResults.count) conversations", httpTime,
                             turns: Benchmarks.customerTurns(httpResults)))
    }
}
