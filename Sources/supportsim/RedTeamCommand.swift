import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimRedTeam

/// `supportsim generate redteam`: attack scenarios over the suite's own world and policies.
struct RedTeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redteam",
        abstract: "Write red-team scenarios (prompt injection, impersonation, data fishing, over-limit refunds, abuse, "
            + "unverified changes) from the suite's own world and policies.",
        discussion: """
            The same suite always gives the same files, tagged redteam and redteam-<kind>; reports show their pass rate \
            apart. With customer_model: in supportsim.yml, each kind also gets a scenario the customer model plays in \
            its own words. See docs/red-team.md.
            """)

    @OptionGroup var suite: SuiteArgument

    @Option(help: "Write only this many scenarios, taken in turn across the attack kinds.")
    var count: Int?

    @Option(help: "The folder to write them to (default: redteam/ in the suite's first scenarios folder).")
    var into: String?

    @Flag(help: "Replace generated files whose content changed (files never generated are never touched).")
    var force = false

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1, found \(count)") }
    }

    func run() throws {
        // Only the world and the policies are needed: a broken scenario (one being edited) does not stop it.
        let loaded = try suite.load(skipInvalid: true)
        guard loaded.config.domain == .support, loaded.declaredTools.isEmpty else {
            Console.error("error: generate redteam writes attacks on the support domain's world and operations; this suite "
                          + (loaded.config.domain != .support ? "is a \(loaded.config.domain.rawValue) suite" : "declares its own tools"))
            throw ExitStatus.invalidInput.exitCode
        }
        let generator = RedTeamGenerator(world: loaded.world, policies: loaded.policies,
                                         modelDriven: loaded.config.customerModel != nil)
        let scenarios: [RedTeamScenario]
        do { scenarios = try generator.scenarios(count: count) } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        let folder = into.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? loaded.root.appendingPathComponent(loaded.config.scenarios.first ?? "scenarios").appendingPathComponent("redteam")
        var changed: [String] = []
        var writes: [(URL, Data)] = []
        for s in scenarios {
            let file = folder.appendingPathComponent(s.name + ".yaml")
            let data = Data(s.yaml.utf8)
            if let old = FileManager.default.contents(atPath: file.path) {
                if old == data { continue }
                // A changed file is either a person's edit or an older generator's: say so, never overwrite silently.
                if !force { changed.append(file.path) }
            }
            writes.append((file, data))
        }
        if !changed.isEmpty {
            Console.error("error: these files differ from what would be generated; rerun with --force to replace them:\n  "
                          + changed.joined(separator: "\n  "))
            throw ExitStatus.invalidInput.exitCode
        }
        for (file, data) in writes {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        let kinds = Set(scenarios.map(\.kind))
        print("wrote \(writes.count) of \(scenarios.count) red-team scenarios to \(folder.path) "
              + "(\(AttackKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ", ")))")
    }
}
