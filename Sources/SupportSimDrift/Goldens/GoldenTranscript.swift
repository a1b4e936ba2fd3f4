import Foundation
import SupportSimCore

/// The approved transcript of one scenario (trial 1): its messages, the agent's reported intents
/// and the tool calls behind each reply with their arguments and outcome. Times, ids of runs and
/// tool results are left out: they change from run to run without the agent's behaviour changing.
public struct GoldenTranscript: Sendable, Hashable {
    public var scenario: String
    public var status: String
    public var intent: String
    /// Each message as a JSON object: `role`, `text`, and for replies `intent` and `calls`.
    public var transcript: [JSONValue]

    /// From a scenario's object of results.json.
    public init(resultsObject o: JSONValue) {
        scenario = o["id"]?.stringValue ?? "?"
        status = o["status"]?.stringValue ?? "error"
        intent = o["intent"]?.stringValue ?? "untagged"
        let audit = Dictionary((o["audit"]?.arrayValue ?? []).compactMap { a in a["seq"]?.intValue.map { ($0, a) } },
                               uniquingKeysWith: { a, _ in a })
        transcript = (o["transcript"]?.arrayValue ?? []).map { t in
            var entry: [String: JSONValue] = ["role": t["role"] ?? "agent", "text": t["text"] ?? ""]
            guard t["role"]?.stringValue == "agent" else { return .object(entry) }
            if let i = t["intent"] { entry["intent"] = i }
            if let e = t["escalate"], e != .null { entry["escalate"] = e }
            entry["calls"] = .array((t["calls"]?.arrayValue ?? []).compactMap { seq in
                seq.intValue.flatMap { audit[$0] }.map(Self.call)
            })
            return .object(entry)
        }
    }

    /// From a golden file's parsed YAML.
    public init(yaml v: JSONValue) {
        scenario = v["scenario"]?.stringValue ?? "?"
        status = v["status"]?.stringValue ?? "?"
        intent = v["intent"]?.stringValue ?? "untagged"
        transcript = v["transcript"]?.arrayValue ?? []
    }

    static func call(_ a: JSONValue) -> JSONValue {
        var c: [String: JSONValue] = ["operation": a["operation"] ?? "?", "args": a["args"] ?? [:], "ok": a["ok"] ?? false]
        if let e = a["error"] { c["error"] = e }
        return .object(c)
    }

    public var replies: [String] {
        transcript.filter { $0["role"]?.stringValue == "agent" }.map { $0["text"]?.stringValue ?? "" }
    }

    public var yaml: String {
        let doc: JSONValue = ["scenario": .string(scenario), "status": .string(status), "intent": .string(intent),
                              "transcript": .array(transcript)]
        return GoldenYAML.render(doc, comment: "Approved transcript of \(scenario) (trial 1), written by `supportsim golden approve`.\n"
                                 + "Review changes to it like code; drift compares new runs against it.")
    }

    /// `goldens/<scenario-id>.yaml`; an id with slashes makes folders, as scenario files do.
    /// `..` and empty components are replaced so that no id can write outside the folder.
    public static func relativePath(for scenario: String) -> String {
        scenario.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.isEmpty || $0 == ".." || $0 == "." ? "_" : String($0) }.joined(separator: "/") + ".yaml"
    }

    /// Every golden transcript under `folder`, by scenario id. A file that cannot be read is
    /// reported to `problem` (by default as a warning on stderr): its transcript is then not
    /// compared, which must not pass unnoticed.
    public static func loadAll(from folder: URL, problem: (String) -> Void = Self.warn) -> [String: GoldenTranscript] {
        // Parsed on every core (a suite's goldens are hundreds of files, read after every run),
        // then taken in path order, so which of two files for one scenario wins, and the order
        // of the warnings, never depend on the walk or on which file finished first.
        let files = FileTree.regularFiles(under: folder).filter { $0.hasSuffix(".yaml") }.map { folder.appendingPathComponent($0) }
        let parsed = ParallelMap.map(files) { url -> Result<GoldenTranscript, any Error> in
            Result { GoldenTranscript(yaml: try GoldenYAML.parse(try String(contentsOf: url, encoding: .utf8))) }
        }
        var out: [String: GoldenTranscript] = [:]
        for (url, result) in zip(files, parsed) {
            switch result {
            case .success(let g): out[g.scenario] = g
            case .failure(let error):
                problem("\(url.path): \(error); its transcript is not compared (approve the scenario again with `supportsim golden approve`)")
            }
        }
        return out
    }

    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
    }
}
