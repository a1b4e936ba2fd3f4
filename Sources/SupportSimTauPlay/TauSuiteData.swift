import Foundation
import SupportSimCore
import SupportSimTau

/// What a tau suite's runs need, read once: the domain's tools, its initial database, the tasks
/// and the database each task's gold actions lead to, the tool catalogue offered to agents and
/// the policy text agents are given.
public struct TauSuiteData: Sendable {
    public let domain: TauDomain
    public let tasks: [TauTask]
    public let initial: PyDict
    public let gold: TauGoldStates
    public let rule: TauRewardRule
    /// `tools.json`: the OpenAI function schemas agents are offered, verbatim.
    public let toolSchemas: [JSONValue]
    public let policy: String

    public static func domain(_ name: DomainName) -> TauDomain? {
        switch name {
        case .support: return nil
        case .tauAirline: return .airline
        case .tauRetail: return .retail
        }
    }

    /// Reads `tau.data` of the suite's config. Errors name the file and what was wrong.
    public init(suite: Suite) throws {
        guard let domain = Self.domain(suite.config.domain) else {
            throw TauDataError("the suite's domain is \(suite.config.domain.rawValue), not a tau-bench domain")
        }
        let dir = suite.root.appendingPathComponent(suite.config.tau.data)
        try self.init(domain: domain, directory: dir,
                      rule: TauRewardRule(rawValue: suite.config.tau.rewardRule) ?? .outputsOrDatabase)
    }

    public init(domain: TauDomain, directory dir: URL, rule: TauRewardRule = .outputsOrDatabase) throws {
        self.domain = domain
        self.rule = rule
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("tasks.json").path) else {
            throw TauDataError("\(dir.path)/tasks.json: no such file; tau.data must point at a folder laid out like "
                               + "tau-bench's data (db/*.json, tasks.json, tools.json, policy.md)")
        }
        self.tasks = try TauTask.load(dir.appendingPathComponent("tasks.json"))
        self.initial = try domain.loadDatabase(from: dir.appendingPathComponent("db"))
        self.gold = TauGoldStates(domain: domain, initial: initial)
        let toolsURL = dir.appendingPathComponent("tools.json")
        if let data = try? Data(contentsOf: toolsURL) {
            guard let list = try? JSONValue.parse(data).arrayValue else {
                throw TauDataError("\(toolsURL.path): expected a list of function schemas")
            }
            self.toolSchemas = list
        } else {
            throw TauDataError("\(toolsURL.path): no such file; tau.data must hold the domain's tool schemas (tools.json)")
        }
        // An offered tool the port does not run would answer every call with "Unknown action".
        let offered = ToolDescriptor.fromFunctionSchemas(toolSchemas).map(\.name)
        if let unknown = offered.first(where: { domain.tool($0) == nil }) {
            throw TauDataError("\(toolsURL.path): \(unknown) is not a tool of tau-bench's \(domain.name) domain "
                               + "(its tools: \(domain.tools.map(\.name).joined(separator: ", ")))")
        }
        self.policy = (try? String(contentsOf: dir.appendingPathComponent("policy.md"), encoding: .utf8)) ?? ""
    }

    public func task(_ id: Int) -> TauTask? { tasks.indices.contains(id) ? tasks[id] : nil }
}
