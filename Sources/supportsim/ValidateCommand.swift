import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimSuite

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file of a suite and list every problem at once.",
        discussion: "Exits 0 with a one-line summary when the suite is valid, 2 with file:line:column errors when not.")

    @OptionGroup var suite: SuiteArgument

    func run() throws {
        let s = try suite.load()
        let w = s.world
        let records = World.collectionNames.map { w[$0].count }.reduce(0, +)
        print("\(s.config.name): valid — \(s.scenarios.count) scenario\(s.scenarios.count == 1 ? "" : "s"), "
              + "\(s.scenarios.map(\.turns.count).reduce(0, +)) turns, \(records) world records, "
              + "\(w.knowledgeBase.articles.count) articles, \(s.policies.count) policies")
    }
}
