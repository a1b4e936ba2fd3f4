import Foundation

/// A tau-bench domain: its tools, the tools that end an episode, and how its database is read
/// from a directory laid out like tau-bench's `envs/<domain>/data` (one JSON file per table).
public struct TauDomain: Sendable {
    public var name: String
    public var tools: [any TauTool]
    public var terminateTools: Set<String>
    /// The database tables, each read from `db/<table>.json`.
    public var tables: [String]
    private let byName: [String: any TauTool]

    public init(name: String, tools: [any TauTool], tables: [String], terminateTools: Set<String> = ["transfer_to_human_agents"]) {
        self.name = name
        self.tools = tools
        self.tables = tables
        self.terminateTools = terminateTools
        var map: [String: any TauTool] = [:]
        for t in tools { map[t.name] = t }
        self.byName = map
    }

    public func tool(_ name: String) -> (any TauTool)? { byName[name] }

    /// One step of tau-bench's environment for a tool action: the observation text the agent
    /// sees. Failures are observations too (`Error: ...`, `Unknown action ...`), as in tau-bench.
    public func invoke(_ name: String, _ kwargs: PyDict, on data: inout PyDict) -> String {
        guard let tool = byName[name] else { return "Unknown action \(name)" }
        do {
            let args = try PyArguments.bind(kwargs, to: tool.parameters, function: "\(tool.className).invoke")
            return try tool.invoke(&data, args)
        } catch {
            return "Error: \(error.message)"
        }
    }

    /// The domain's database from a directory holding `<table>.json` for every table.
    public func loadDatabase(from directory: URL) throws -> PyDict {
        var db = PyDict()
        for table in tables {
            let url = directory.appendingPathComponent("\(table).json")
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw TauDataError("cannot read \(url.path): \(error.localizedDescription)")
            }
            do { db[table] = try PyJSON.parse(data) } catch {
                throw TauDataError("\(url.path): \(error)")
            }
        }
        return db
    }
}

public struct TauDataError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
