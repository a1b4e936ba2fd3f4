import ArgumentParser
struct ScoreTranscriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score-transcripts")
}
