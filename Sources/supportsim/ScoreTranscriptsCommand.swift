import ArgumentParser
import Foundation
import SupportSimCore
import SupportSimReports
import SupportSimRunner
import SupportSimScoring
import SupportSimTranscripts

/// `supportsim score-transcripts`: the agent replies of an export scored offline with the
/// suite's scorer, the read-only phase of a roll-out (docs/transcripts.md).
struct ScoreTranscriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-transcripts",
        abstract: "Score the agent replies of exported support conversations offline and write the usual reports.",
        discussion: """
            Each conversation is scored as if the suite had played it: policies that need no tool log (never_say, \
            must_escalate), escalation, and grounding of every reply's claims against the suite's knowledge base, \
            grounded_facts and the customer's own words. FRT, resolution and hand-off times come from the export's \
            timestamps. Without a tool log, actions, state and requires_before cannot be scored. The reports hold \
            the export's text as it is, personal data included. Exit codes as for run.
            """)

    @Argument(help: "The export: a .csv file with a header row, or a .jsonl file (one message or one conversation a line).")
    var file: String

    @Option(help: "The suite whose policies, knowledge base, grounded facts and gates apply (default: the current folder).")
    var suite: String = "."

    @Option(help: "The folder that receives <run-id>/ and latest/ (default: transcripts/ in the config's reports folder).")
    var out: String?

    @Flag(help: "Let the suite's config name paths outside the suite folder.")
    var allowOutsidePaths = false

    @Flag(name: .shortAndLong, help: "Print only the gates and the verdict.")
    var quiet = false

    func run() throws {
        let loaded = try SuiteArgument(suite: suite, allowOutsidePaths: allowOutsidePaths).load()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let input = URL(fileURLWithPath: file, relativeTo: here).standardizedFileURL
        let offline: OfflineTranscripts.Result
        do {
            let conversations = try TranscriptReader.read(contentsOf: input, file: file)
            // No tool log says which articles the agent read, so any article grounds a claim.
            let knowledge = loaded.world.knowledgeBase.articles.map { $0.title + "\n" + $0.body }
            offline = try OfflineTranscripts.records(conversations, file: input.lastPathComponent, groundedFacts: knowledge,
                                                     world: loaded.world)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        for id in offline.skipped {
            Console.error(SafeText.neutralized("warning: conversation \(id) has no customer message; not scored"))
        }
        guard !offline.records.isEmpty else {
            Console.error("error: \(file) has no conversation with a customer message to score")
            throw ExitStatus.invalidInput.exitCode
        }
        let started = Date()
        let scorer = StandardScorer(suite: loaded)
        let results = offline.records.map(scorer.score)
        let info = RunInfo(id: RunInfo.newID(at: started), suite: loaded.config.name, agent: "transcripts:\(input.lastPathComponent)",
                           startedAt: started, finishedAt: Date(), repeatCount: 1, filters: [])
        let record = RunRecord(info: info, config: loaded.config, results: results, invalid: [])
        let outFolder = out.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
            ?? loaded.root.appendingPathComponent(loaded.config.reports).appendingPathComponent("transcripts")
        let written: URL
        do {
            written = try ReportSet().write(record, to: outFolder)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.harnessFailure.exitCode
        }
        if !quiet {
            print("scored \(results.count) exported conversation\(results.count == 1 ? "" : "s") from \(SafeText.neutralized(file)) "
                  + "(no tool log: actions, state and requires_before are not scored)")
        }
        Summary.print(record, reportFolder: written, quiet: quiet)
        if !record.passed { throw ExitStatus.gateFailed.exitCode }
    }
}
