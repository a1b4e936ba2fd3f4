import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimSuite
import SupportSimTauPlay

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file of a suite and list every problem at once.",
        discussion: "Exits 0 with a one-line summary when the suite is valid, 2 with file:line:column errors when not.")

    @OptionGroup var suite: SuiteArgument

    func run() throws {
        let s = try suite.load()
        // The same check `run` makes, so that a password committed in `history:` is caught
        // before the suite is pushed (the environment's SUPPORTSIM_HISTORY_URL is not the suite's).
        do {
            _ = try HistoryLocation.address(s.config.history, origin: .config, relativeTo: s.root)
        } catch {
            Console.error("supportsim.yml: history: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        if s.config.domain != .support {
            try validateTau(s)
            return
        }
        let w = s.world
        let records = w.collections.values.map(\.count).reduce(0, +)
        print("\(s.config.name): valid — \(s.scenarios.count) scenario\(s.scenarios.count == 1 ? "" : "s"), "
              + "\(s.scenarios.map(\.turns.count).reduce(0, +)) turns, \(records) world records, "
              + "\(w.knowledgeBase.articles.count) articles, \(s.policies.count) policies"
              + (s.declaredTools.isEmpty ? "" : ", \(s.declaredTools.count) declared tools"))
    }

    /// A tau suite: its data must load, every scenario's task must exist, and a replay agent's
    /// recording must hold every recorded scenario's episode.
    func validateTau(_ s: Suite) throws {
        let data: TauSuiteData
        do { data = try TauSuiteData(suite: s) } catch {
            Console.error("supportsim.yml: tau.data: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        var problems: [String] = []
        for scenario in s.scenarios {
            guard let ref = scenario.tau else {
                problems.append("\(scenario.file): tau: expected the tau-bench task this scenario plays (tau: {task_id: N})")
                continue
            }
            if data.task(ref.taskID) == nil {
                problems.append("\(scenario.file): tau.task_id: expected a task of tasks.json (0-\(data.tasks.count - 1)), found \(ref.taskID)")
            }
        }
        if case .replay(let file) = s.config.agent {
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : s.root.appendingPathComponent(file)
            do {
                let agent = try ReplayAgent(episodesFile: url, scenarios: s.scenarios)
                for scenario in s.scenarios where !scenario.turns.isEmpty && agent.recordedToolOutputs(scenario: scenario.id) == nil {
                    problems.append("\(scenario.file): no episode for task \(scenario.tau?.taskID ?? -1) trial \(scenario.tau?.trial ?? 0) in \(file)")
                }
            } catch {
                problems.append("supportsim.yml: agent.replay: \(error)")
            }
        }
        for p in problems { Console.error(SafeText.neutralized(p)) }
        if !problems.isEmpty { throw ExitStatus.invalidInput.exitCode }
        let unplayable = s.scenarios.filter(\.turns.isEmpty).count
        var line = "\(s.config.name): valid — \(s.scenarios.count) scenario\(s.scenarios.count == 1 ? "" : "s"), "
            + "\(s.scenarios.map(\.turns.count).reduce(0, +)) turns, tau-bench \(data.domain.name): \(data.tasks.count) tasks, "
            + "\(data.toolSchemas.count) tools"
        if unplayable > 0 { line += "; \(unplayable) need a model-driven customer, none configured" }
        print(line)
    }
}
