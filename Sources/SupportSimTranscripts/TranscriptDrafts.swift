import Foundation
import SupportSimCore

/// `supportsim generate from-transcripts`: one draft scenario per exported conversation, with
/// personal data replaced consistently across the whole export (docs/transcripts.md).
public struct TranscriptDrafts: Sendable {
    /// The intent of a customer message, or nil when the classifier is not confident of one.
    /// Passed in, so that this module does not depend on the reference agent. It is asked about
    /// the customer's first message alone: the opening states the need, and what the customer
    /// adds before the first reply (an e-mail, an order number) would only blur it.
    public typealias IntentProposer = @Sendable (String) -> String?

    public var drafts: [TranscriptDraft]
    /// Conversations with no customer message, which make no scenario.
    public var skipped: [String]

    /// `sourceFile` is written in each draft's `source.file` (the export's file name, not its path).
    public init(_ conversations: [ExportedConversation], sourceFile: String, intent: IntentProposer) {
        let redactor = ExportRedactor(conversations)
        var drafts: [TranscriptDraft] = []
        var skipped: [String] = []
        var usedNames: Set<String> = []
        for c in conversations {
            let flow = ConversationFlow(c, rewrite: redactor.redact)
            let turns = flow.customerTurns.map(\.text)
            let id = redactor.redact(c.id)
            guard !turns.isEmpty else {
                skipped.append(id)
                continue
            }
            let base = Self.fileName(for: id)
            var name = base
            var n = 1
            while !usedNames.insert(name.lowercased()).inserted {
                n += 1
                name = "\(base)-\(n)"
            }
            drafts.append(TranscriptDraft(
                path: "transcripts/\(name).yaml", sourceFile: sourceFile, conversation: id,
                startedAt: c.firstTimeMs.map(Timestamps.format), endedAt: c.lastTimeMs.map(Timestamps.format),
                channel: c.channel, customer: redactor.customer(of: c.id), orders: redactor.orders(of: c.id), turns: turns,
                intent: intent(redactor.redact(c.messages.first { $0.role == .customer }!.text)), resolution: flow.resolution, handoff: flow.handoff?.sign, leftOut: flow.leftOut))
        }
        self.drafts = drafts
        self.skipped = skipped
    }

    /// A conversation id as a file name: letters, digits, `.`, `_` and `-` kept, runs of anything
    /// else one `-`; no leading `.`, `_` or `-` (such files are not scenarios); at most 80 characters.
    public static func fileName(for id: String) -> String {
        var out = ""
        for u in id.unicodeScalars {
            if u.isASCII, CharacterSet.alphanumerics.contains(u) || u == "." || u == "_" || u == "-" {
                out.unicodeScalars.append(u)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while let f = out.first, f == "." || f == "_" || f == "-" { out.removeFirst() }
        out = String(out.prefix(80))
        while let l = out.last, l == "." || l == "-" { out.removeLast() }
        return out.isEmpty ? "conversation" : out
    }

    /// Writes every draft under `folder` (named `folderName` in messages). Nothing is written
    /// when any draft's file exists already: a person may have reviewed it.
    public func write(into folder: URL, folderName: String) throws(TranscriptError) {
        let fm = FileManager.default
        let existing = drafts.map(\.path).filter { fm.fileExists(atPath: folder.appendingPathComponent($0).path) }
        if !existing.isEmpty {
            let shown = existing.prefix(5).map { "\(folderName)/\($0)" }.joined(separator: ", ")
            throw TranscriptError(file: shown + (existing.count > 5 ? " (and \(existing.count - 5) more)" : ""),
                                  "exist\(existing.count == 1 ? "s" : "") already; drafts never overwrite a file "
                                      + "(it may have been reviewed): move it away or write into another folder")
        }
        for draft in drafts {
            let url = folder.appendingPathComponent(draft.path)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(draft.yaml.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw TranscriptError(file: "\(folderName)/\(draft.path)", "cannot be written (\(error.localizedDescription))")
            }
        }
    }
}
