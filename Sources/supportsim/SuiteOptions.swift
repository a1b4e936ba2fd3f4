import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimSuite

/// The suite folder argument shared by commands.
struct SuiteArgument: ParsableArguments {
    @Argument(help: "The suite folder (default: the current folder).")
    var suite: String = "."

    init() {}
    init(suite: String) { self.suite = suite }

    var root: URL {
        URL(fileURLWithPath: suite, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Loads the suite, or prints every problem and exits 2.
    func load(skipInvalid: Bool = false) throws -> Suite {
        do {
            return try SuiteLoader(root: root).load(skipInvalid: skipInvalid)
        } catch {
            for d in error.diagnostics { Console.error(d.description) }
            Console.error("\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") in \(suite); nothing was run.")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
