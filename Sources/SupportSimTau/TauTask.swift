import Foundation

/// One tool call as tau-bench records it: a name and keyword arguments.
public struct TauAction: Sendable, Hashable {
    public var name: String
    public var kwargs: PyDict
    public init(name: String, kwargs: PyDict) {
        self.name = name
        self.kwargs = kwargs
    }
}

/// A tau-bench task (`tasks.json`): the customer's instruction, the gold actions whose end state
/// is the reward's reference, and the outputs the agent must say.
public struct TauTask: Sendable, Hashable {
    public var userID: String
    public var instruction: String
    public var actions: [TauAction]
    public var outputs: [String]

    public init(userID: String, instruction: String, actions: [TauAction], outputs: [String]) {
        self.userID = userID
        self.instruction = instruction
        self.actions = actions
        self.outputs = outputs
    }

    init(_ value: PyValue, at path: String) throws(TauDataError) {
        guard let d = value.dictValue else { throw TauDataError("\(path): expected an object, found \(PyText.repr(value).prefix(60))") }
        self.userID = d["user_id"]?.stringValue ?? ""
        self.instruction = d["instruction"]?.stringValue ?? ""
        var actions: [TauAction] = []
        for (i, a) in (d["actions"]?.listValue ?? []).enumerated() {
            guard let name = a["name"]?.stringValue else { throw TauDataError("\(path).actions[\(i)]: expected a \"name\"") }
            actions.append(TauAction(name: name, kwargs: a["kwargs"]?.dictValue ?? PyDict()))
        }
        self.actions = actions
        self.outputs = (d["outputs"]?.listValue ?? []).compactMap(\.stringValue)
    }

    /// The tasks of a `tasks.json` file, in file order (their index is the task id).
    public static func load(_ url: URL) throws -> [TauTask] {
        let value = try PyJSON.parse(Data(contentsOf: url))
        guard let list = value.listValue else { throw TauDataError("\(url.path): expected a list of tasks") }
        return try list.enumerated().map { i, v throws(TauDataError) in try TauTask(v, at: "\(url.lastPathComponent)[\(i)]") }
    }
}

/// A chat message of a recorded episode (OpenAI's format, as tau-bench stores it).
public struct TauMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable { case system, user, assistant, tool }
    public struct ToolCall: Sendable, Hashable {
        public var id: String
        public var name: String
        /// The arguments as the model wrote them: JSON text, parsed when the call is run.
        public var arguments: String
    }

    public var role: Role
    public var content: String?
    public var toolCalls: [ToolCall]

    public init(role: Role, content: String?, toolCalls: [ToolCall] = []) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
    }
}

/// One recorded episode of a trajectory file: `{task_id, trial, reward, info: {task}, traj}`.
public struct TauEpisode: Sendable, Hashable {
    public var taskID: Int
    public var trial: Int
    public var recordedReward: Double
    /// The task as the episode recorded it (tau-bench copies it into `info.task`).
    public var task: TauTask?
    public var messages: [TauMessage]
    /// The kind of episode, where a generated file names it (`gold`, `wrong-argument`, ...).
    public var variant: String?

    public static func load(_ url: URL) throws -> [TauEpisode] {
        let value = try PyJSON.parse(Data(contentsOf: url))
        guard let list = value.listValue else { throw TauDataError("\(url.path): expected a list of episodes") }
        return try list.enumerated().map { i, v throws(TauDataError) in try TauEpisode(v, at: "\(url.lastPathComponent)[\(i)]") }
    }

    init(_ value: PyValue, at path: String) throws(TauDataError) {
        guard let d = value.dictValue, let taskID = d["task_id"]?.intValue else {
            throw TauDataError("\(path): expected an episode with an integer \"task_id\"")
        }
        self.taskID = taskID
        self.trial = d["trial"]?.intValue ?? 0
        self.recordedReward = d["reward"]?.doubleValue ?? 0
        self.variant = d["variant"]?.stringValue
        self.task = try d["info"]?["task"].map { v throws(TauDataError) in try TauTask(v, at: "\(path).info.task") }
        guard let traj = d["traj"]?.listValue else { throw TauDataError("\(path): expected a \"traj\" list of messages") }
        var messages: [TauMessage] = []
        for (i, m) in traj.enumerated() {
            guard let roleText = m["role"]?.stringValue, let role = TauMessage.Role(rawValue: roleText) else {
                throw TauDataError("\(path).traj[\(i)]: expected a role of system, user, assistant or tool")
            }
            let calls = (m["tool_calls"]?.listValue ?? []).map { c in
                TauMessage.ToolCall(id: c["id"]?.stringValue ?? "", name: c["function"]?["name"]?.stringValue ?? "",
                                    arguments: c["function"]?["arguments"]?.stringValue ?? "{}")
            }
            messages.append(TauMessage(role: role, content: m["content"]?.stringValue, toolCalls: calls))
        }
        self.messages = messages
    }
}
