import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimTauPlay

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a SupportSim suite from another benchmark's data.",
        subcommands: [TauBenchImport.self])
}

struct TauBenchImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tau-bench",
        abstract: "A suite from tau-bench's data: one scenario per task, or per recorded episode with --trajectories.",
        discussion: """
            --from is a folder laid out like tau-bench's data for one domain (db/*.json, tasks.json, tools.json, \
            policy.md). With --trajectories, the suite's default agent replays the recorded assistant messages.
            """)

    @Option(help: "airline or retail.")
    var domain: String

    @Option(help: "The domain's data folder.")
    var from: String

    @Option(help: "A trajectory file in tau-bench's format (a list of {task_id, trial, reward, info, traj}).")
    var trajectories: String?

    @Option(help: "The suite folder to write (must not hold a supportsim.yml yet).")
    var out: String

    func validate() throws {
        guard ["airline", "retail"].contains(domain) else {
            throw ValidationError("--domain must be airline or retail, found \"\(domain)\"")
        }
    }

    func run() async throws {
        let name: DomainName = domain == "airline" ? .tauAirline : .tauRetail
        let importer = TauImporter(domain: name, source: URL(fileURLWithPath: from),
                                   trajectories: trajectories.map { URL(fileURLWithPath: $0) }, out: URL(fileURLWithPath: out))
        do {
            let summary = try importer.write()
            print("wrote \(out): \(summary.scenarios) scenarios over \(summary.tasks) tau-bench \(domain) tasks")
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
