import ArgumentParser

/// `supportsim generate`: scenarios a QA engineer did not type by hand.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write scenarios: red-team attacks over the suite's own world, or drafts from exported transcripts.",
        subcommands: [RedTeamCommand.self, FromTranscriptsCommand.self])
}
