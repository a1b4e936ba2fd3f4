import Foundation
import SupportSimCore
import SupportSimTau
import Yams

/// `supportsim import tau-bench`: a SupportSim suite from tau-bench's data. Without recordings,
/// one scenario per task (played by a model-driven customer from the task's instruction); with
/// a trajectory file, one scenario per recorded episode (`task-<id>/trial-<n>`), whose customer
/// turns are the recorded user messages and whose default agent replays the recording.
public struct TauImporter {
    public let domain: DomainName
    public let source: URL
    public let trajectories: URL?
    public let out: URL

    public init(domain: DomainName, source: URL, trajectories: URL?, out: URL) {
        self.domain = domain
        self.source = source
        self.trajectories = trajectories
        self.out = out
    }

    public struct Summary: Sendable {
        public var scenarios: Int
        public var tasks: Int
    }

    /// Writes the suite; refuses to write into a folder that already holds a supportsim.yml.
    @discardableResult
    public func write() throws -> Summary {
        let fm = FileManager.default
        guard let tauName = domain.tauDomain, let tauDomain = TauSuiteData.domain(domain) else {
            throw TauDataError("import tau-bench needs --domain airline or retail")
        }
        if fm.fileExists(atPath: out.appendingPathComponent("supportsim.yml").path) {
            throw TauDataError("\(out.path) already holds a suite (supportsim.yml); choose an empty --out folder")
        }
        // Read everything first, so that bad data writes nothing.
        let tasks = try TauTask.load(source.appendingPathComponent("tasks.json"))
        _ = try tauDomain.loadDatabase(from: source.appendingPathComponent("db"))
        let episodes = try trajectories.map(TauEpisode.load)
        // The suite's tools are its tools.json: without it nothing in the suite can name a tool.
        let tools = source.appendingPathComponent("tools.json")
        guard fm.fileExists(atPath: tools.path) else {
            throw TauDataError("\(tools.path): no such file; --from must be laid out like tau-bench's data "
                               + "(db/*.json, tasks.json, tools.json, policy.md)")
        }

        let data = out.appendingPathComponent("tau")
        try fm.createDirectory(at: data.appendingPathComponent("db"), withIntermediateDirectories: true)
        for table in tauDomain.tables {
            try copy(source.appendingPathComponent("db/\(table).json"), to: data.appendingPathComponent("db/\(table).json"))
        }
        for file in ["tasks.json", "tools.json", "policy.md"] where fm.fileExists(atPath: source.appendingPathComponent(file).path) {
            try copy(source.appendingPathComponent(file), to: data.appendingPathComponent(file))
        }
        var config: [(String, Node)] = [
            ("version", 1), ("name", Node("tau-bench \(tauName)")), ("domain", Node(domain.rawValue)),
            ("tau", mapping([("data", "tau")])), ("scenarios", "scenarios"),
        ]
        if let policy = try? String(contentsOf: source.appendingPathComponent("policy.md"), encoding: .utf8),
           let now = Self.policyTime(policy) {
            // The policy tells the agent what time it is; dates without a year in the
            // conversation are read in that year.
            config.append(("clock", mapping([("start", Node(now))])))
        }
        let scenarios = out.appendingPathComponent("scenarios")
        try fm.createDirectory(at: scenarios, withIntermediateDirectories: true)
        var count = 0
        if let episodes, let trajectories {
            let recordings = out.appendingPathComponent("recordings")
            try fm.createDirectory(at: recordings, withIntermediateDirectories: true)
            try copy(trajectories, to: recordings.appendingPathComponent(trajectories.lastPathComponent))
            config.append(("agent", mapping([("replay", Node("recordings/\(trajectories.lastPathComponent)"))])))
            var seen = Set<String>()
            for e in episodes {
                let id = "task-\(e.taskID)/trial-\(e.trial)"
                guard seen.insert(id).inserted else { continue }
                let task = tasks.indices.contains(e.taskID) ? tasks[e.taskID] : e.task
                try writeScenario(id: id, title: Self.title(task), taskID: e.taskID, trial: e.trial,
                                  recordedReward: e.recordedReward, variant: e.variant,
                                  turns: e.messages.filter { $0.role == .user }.map { $0.content ?? "" }, into: scenarios)
                count += 1
            }
        } else {
            for (i, task) in tasks.enumerated() {
                try writeScenario(id: "task-\(i)", title: Self.title(task), taskID: i, trial: nil, recordedReward: nil,
                                  variant: nil, turns: [], into: scenarios)
                count += 1
            }
        }
        let yaml = try Yams.serialize(node: mapping(config))
        try Data(("# Imported from tau-bench (MIT, Copyright (c) 2024 Sierra) by supportsim import tau-bench.\n" + yaml).utf8)
            .write(to: out.appendingPathComponent("supportsim.yml"))
        return Summary(scenarios: count, tasks: tasks.count)
    }

    /// "The current time is 2024-05-15 15:00:00 EST." as an ISO 8601 date-time.
    static func policyTime(_ policy: String) -> String? {
        guard let m = policy.firstMatch(of: /current time is (\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?: ([A-Z]{2,4}))?/) else {
            return nil
        }
        let offsets = ["EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00", "PST": "-08:00", "PDT": "-07:00",
                       "UTC": "Z", "GMT": "Z"]
        let zone = m.output.3.map { offsets[String($0)] ?? "Z" } ?? "Z"
        return "\(m.output.1)T\(m.output.2)\(zone)"
    }

    static func title(_ task: TauTask?) -> String {
        guard let task else { return "" }
        let first = task.instruction.split(separator: ".", maxSplits: 1).first.map(String.init) ?? task.instruction
        return String(first.prefix(120))
    }

    private func writeScenario(id: String, title: String, taskID: Int, trial: Int?, recordedReward: Double?, variant: String?,
                               turns: [String], into folder: URL) throws {
        var tau: [(String, Node)] = [("task_id", Node(String(taskID)))]
        if let trial { tau.append(("trial", Node(String(trial)))) }
        if let recordedReward { tau.append(("recorded_reward", Node(PyText.floatRepr(recordedReward)))) }
        var tags: [Node] = ["tau", Node(domain.rawValue)]
        if let variant { tags.append(Node(variant)) }
        var pairs: [(String, Node)] = [("title", Node(title)), ("tags", Node(tags)), ("tau", mapping(tau))]
        if !turns.isEmpty {
            pairs.append(("turns", Node(turns.map { mapping([("customer", Node($0, Tag(.str), Self.style($0)))]) })))
        }
        let url = folder.appendingPathComponent(id + ".yaml")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Yams.serialize(node: mapping(pairs)).utf8).write(to: url)
    }

    /// Multi-line messages as literal blocks, one-liners quoted only where YAML needs it.
    static func style(_ text: String) -> Node.Scalar.Style {
        text.contains("\n") && !text.hasSuffix(" ") && !text.contains("\r") ? .literal : .doubleQuoted
    }

    private func mapping(_ pairs: [(String, Node)]) -> Node {
        Node(pairs.map { (Node($0.0), $0.1) })
    }

    private func copy(_ from: URL, to: URL) throws {
        try? FileManager.default.removeItem(at: to)
        try FileManager.default.copyItem(at: from, to: to)
    }
}
