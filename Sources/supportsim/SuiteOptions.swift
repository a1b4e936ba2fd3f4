import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimSuite

/// The suite folder argument shared by commands.
struct SuiteArgument: ParsableArguments {
    @Argument(help: "The suite folder (default: the current folder).")
    var suite: String = "."

    @Flag(help: "Let the suite's config name paths outside the suite folder (world, scenarios, policies, history, reports) and follow symbolic links out of it.")
    var allowOutsidePaths = false

    init() {}
    init(suite: String, allowOutsidePaths: Bool = false) {
        self.suite = suite
        self.allowOutsidePaths = allowOutsidePaths
    }

    var root: URL {
        URL(fileURLWithPath: suite, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Loads the suite, or prints every problem and exits 2.
    func load(skipInvalid: Bool = false) throws -> Suite {
        do {
            let loaded = try SuiteLoader(root: root, allowOutsidePaths: allowOutsidePaths).load(skipInvalid: skipInvalid)
            for w in loaded.warnings { Console.error(SafeText.neutralized(w.description)) }
            return loaded
        } catch {
            for d in error.diagnostics { Console.error(SafeText.neutralized(d.description)) }
            // Warnings come along with the errors; only errors are counted as problems.
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            Console.error("\(errors) problem\(errors == 1 ? "" : "s") in \(suite); nothing was run.")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}
