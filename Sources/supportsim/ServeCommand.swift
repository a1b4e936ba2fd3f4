import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimServer

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

    func run() async throws {
        let loaded = try suite.load(skipInvalid: true)
        let directory = ConversationDirectory(mode: .serve, world: loaded.world, latencyMs: loaded.config.latencyMs,
                                              start: loaded.config.clockStart)
        if stdio {
            try await MCPBridge(directory: directory).runStdio()
            return
        }
        let options = BackendServer.Options(host: host, port: port,
                                            token: token ?? ProcessInfo.processInfo.environment["SUPPORTSIM_TOKEN"])
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
}
