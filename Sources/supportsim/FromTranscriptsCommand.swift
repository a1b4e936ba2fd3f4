import ArgumentParser
import Foundation
import SupportSimAgents
import SupportSimCore
import SupportSimTranscripts

/// `supportsim generate from-transcripts`: draft scenarios from a help desk's exported
/// conversations, personal data replaced, each marked `review: needed` (docs/transcripts.md).
struct FromTranscriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-transcripts",
        abstract: "Draft scenarios from exported support conversations (CSV or JSON lines), personal data replaced.",
        discussion: """
            Writes DIR/transcripts/<conversation id>.yaml for each conversation: the customer's turns, the channel, \
            the times in source:, the first turn's intent when the reference intent model is confident of it, the \
            outcome (resolved, or escalated when the export hands off to a human), and placeholders for e-mails, \
            phones, cards, order numbers and names that stand for records in the draft's world:. Each draft holds \
            `review: needed`, which validate refuses until a person deletes it. Existing files are never overwritten. \
            Pass a suite's scenarios folder as DIR (--into scenarios).
            """)

    @Argument(help: "The export: a .csv file with a header row, or a .jsonl file (one message or one conversation a line).")
    var file: String

    @Option(help: "The folder that receives transcripts/<id>.yaml, e.g. a suite's scenarios folder.")
    var into: String

    /// Below this posterior the reference classifier's best intent is a guess, not a proposal.
    static let minimumConfidence = 0.8

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let input = URL(fileURLWithPath: file, relativeTo: here).standardizedFileURL
        let folder = URL(fileURLWithPath: into, relativeTo: here).standardizedFileURL
        let drafts: TranscriptDrafts
        do {
            let conversations = try TranscriptReader.read(contentsOf: input, file: file)
            drafts = TranscriptDrafts(conversations, sourceFile: input.lastPathComponent, intent: Self.proposeIntent)
            try drafts.write(into: folder, folderName: into)
        } catch {
            Console.error("error: \(error)")
            throw ExitStatus.invalidInput.exitCode
        }
        for id in drafts.skipped {
            Console.error(SafeText.neutralized("warning: conversation \(id) has no customer message; no draft written"))
        }
        let count = drafts.drafts.count == 1 ? "1 draft" : "\(drafts.drafts.count) drafts"
        print(SafeText.neutralized("\(count) written to \(into)/transcripts/ (from \(file)); review each, then delete its "
                                   + "`review: needed` line"))
    }

    /// The reference agent's intent model, trusted only when it is confident and the intent
    /// names a need (not `other` or small talk).
    static let proposeIntent: TranscriptDrafts.IntentProposer = { text in
        let prediction = IntentClassifier.shared.classify(text)
        guard prediction.confidence >= minimumConfidence, prediction.intent != "other",
            !prediction.intent.hasPrefix("smalltalk.")
        else { return nil }
        return prediction.intent
    }
}
