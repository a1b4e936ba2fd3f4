import ArgumentParser
struct FromTranscriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "from-transcripts")
}
