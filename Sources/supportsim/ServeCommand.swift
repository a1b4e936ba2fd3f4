import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportSimBackends
import SupportSimCore
import SupportSimServer
import SupportSimTauPlay

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the suite's mock backends over HTTP and MCP, for developing an agent by hand.",
        discussion: """
            HTTP: POST /tools/{operation} with the arguments as a JSON object; the header \
            X-SupportSim-Conversation picks a conversation (each gets its own copy of the world); \
            POST /reset restores the world. MCP: streamable HTTP at /mcp, or --stdio for MCP on \
            standard input and output. Listens on 127.0.0.1 unless --host says otherwise; any other \
            address needs a bearer token (--token or SUPPORTSIM_TOKEN).
            """)

    @OptionGroup var suite: SuiteArgument

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    var port = 8787

    @Option(help: "A bearer token every request must carry (default: $SUPPORTSIM_TOKEN).")
    var token: String?

    @Flag(help: "Serve MCP over standard input and output instead of HTTP.")
    var stdio = false

    @Option(help: "Open connections at most (past it the longest-idle one is closed).")
    var maxConnections = ServeLimits().maxConnections

    @Option(help: "MCP sessions at most (past it the least recently used one is closed).")
    var maxSessions = ServeLimits().maxSessions

    @Option(help: "Conversation worlds at most (past it the least recently used one is dropped).")
    var maxConversations = ServeLimits().maxWorlds

    func run() async throws {
        let loaded = try suite.load(skipInvalid: true)
        var limits = ServeLimits()
        limits.maxConnections = maxConnections
        limits.maxSessions = maxSessions
        limits.maxWorlds = maxConversations
        let log = LimitLog()
        let directory: ConversationDirectory
        if loaded.config.domain == .support {
            let (world, latency, start, root) = (loaded.world, loaded.config.latencyMs, loaded.config.clockStart, loaded.root)
            let declared = Dictionary(loaded.declaredTools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            directory = ConversationDirectory(mode: .serve, world: world, latencyMs: latency, start: start, limits: limits, log: log,
                                              tools: loaded.tools.offered,
                                              makeGateway: {
                                                  ConversationBackend(world: world, latencyMs: latency, start: start,
                                                                      declared: declared, handlerDirectory: root)
                                              })
        } else {
            // A tau suite: tau-bench's tools over its database, one copy per conversation.
            let tau: TauSuiteData
            do { tau = try TauSuiteData(suite: loaded) } catch {
                Console.error("error: \(error)")
                throw ExitStatus.invalidInput.exitCode
            }
            let start = loaded.config.clockStart
            directory = ConversationDirectory(mode: .serve, start: start, limits: limits, log: log,
                                              tools: ToolDescriptor.fromFunctionSchemas(tau.toolSchemas),
                                              makeGateway: { TauGateway(domain: tau.domain, data: tau.initial, start: start) })
        }
        if stdio {
            try await MCPBridge(directory: directory, limits: limits, log: log).runStdio()
            return
        }
        Self.raiseDescriptorLimit()
        let options = BackendServer.Options(host: host, port: port,
                                            token: token ?? ProcessInfo.processInfo.environment["SUPPORTSIM_TOKEN"],
                                            limits: limits, log: log)
        do {
            try await BackendServer(directory: directory, options: options).run { port in
                // Written straight to the descriptor: scripts wait for this line to learn the port.
                FileHandle.standardOutput.write(Data("supportsim serve: \(loaded.config.name) on http://\(host):\(port) (tools: /tools/{operation}, MCP: /mcp)\n".utf8))
            }
        } catch let error as BackendServer.StartError {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }

    /// Connections cost descriptors: take the hard limit, so the connection cap (which the
    /// server lowers to fit the soft limit) can be as high as the system allows.
    static func raiseDescriptorLimit() {
        #if canImport(Glibc)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #endif
    }
}
