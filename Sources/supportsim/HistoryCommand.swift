import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimHistory
import SupportSimScoring

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the runs of a suite's history (history [list] [SUITE]), or copy a history (history copy).",
        subcommands: [HistoryListCommand.self, HistoryCopyCommand.self],
        defaultSubcommand: HistoryListCommand.self)
}

struct HistoryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the runs stored in a suite's history database, newest first.",
        discussion: """
            Status is running, complete or incomplete: a run whose process died before it finished (killed, crashed) \
            keeps the conversations it finished and is marked incomplete by the next command that opens the history. \
            The history is the config's history: (a SQLite file, or a postgres:// URL), or $SUPPORTSIM_HISTORY_URL when set.
            """)

    @OptionGroup var suite: SuiteArgument

    @Flag(help: "List the runs of every suite in the database, not only this suite's.")
    var all = false

    @Option(help: "Show at most this many runs.")
    var limit = 50

    func run() throws {
        let loaded = try suite.load(skipInvalid: true)
        let address = try HistoryLocation.resolved(loaded)
        let store: any RunHistory
        do {
            store = try HistoryLocation.openReadOnly(address)
        } catch where error.isMissing {
            print("no runs in \(address.shown) (there is no history yet; `supportsim run` creates it)")
            return
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        let runs: [StoredRun]
        do {
            runs = try store.runs(suite: all ? nil : loaded.config.name, limit: limit)
        } catch {
            Console.error("error: cannot read the history \(store.location): \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        guard !runs.isEmpty else {
            print("no runs in \(store.location)" + (all ? "" : " for \"\(loaded.config.name)\""))
            return
        }
        var rows = [["RUN", "STARTED", "SUITE", "AGENT", "COMMIT", "PASS RATE", "GATES", "STATUS"]]
        for r in runs {
            rows.append([r.id, String(r.startedAt.prefix(19)).replacingOccurrences(of: "T", with: " "), r.suite, r.agent,
                         r.gitCommit.map { String($0.prefix(8)) } ?? "-", try RunText.passRate(r, store: store),
                         r.passed.map { $0 ? "PASS" : "FAIL" } ?? "-", r.status.rawValue])
        }
        print(RunText.table(rows))
    }
}

/// Shared text of the history commands.
enum RunText {
    /// `95.0% (19/20)`; for a run that did not finish, the pass rate of what it stored, marked so.
    static func passRate(_ r: StoredRun, store: any RunHistory) throws -> String {
        if let m = r.metricsJSON.map({ RunMetrics(json: $0).scenarioPassRate }), let v = m.roundedValue {
            return String(format: "%.1f%%", NSDecimalNumber(decimal: v).doubleValue * 100) + " (\(m.successes)/\(m.n))"
        }
        let (passed, total) = try store.conversationCounts(runID: r.id)
        guard total > 0 else { return "-" }
        return String(format: "%.1f%%", Double(passed) / Double(total) * 100) + " (\(passed)/\(total) so far)"
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
