import Foundation

/// A tau-bench tool failed. tau-bench turns every exception into the observation
/// `Error: <str(exception)>`, so `message` is exactly what Python's `str(e)` would give.
public struct TauToolError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }

    /// Python's `str(KeyError(key))`: the key's repr.
    public static func keyError(_ key: String) -> TauToolError { .init(PyText.stringRepr(key)) }
}

/// One tau-bench tool: its schema (as in the domain's `tools.json`) and its behaviour on the
/// database, which it may change even when it then fails, as a Python tool that raises
/// halfway does.
public protocol TauTool: Sendable {
    /// The tool's name, as the agent calls it.
    var name: String { get }
    /// The Python class whose `invoke` tau-bench calls, for argument-binding errors
    /// (`GetUserDetails.invoke() missing 1 required positional argument: 'user_id'`).
    var className: String { get }
    /// The parameters of `invoke` after `data`, in order; a parameter with a default is optional.
    var parameters: [PyParameter] { get }
    /// Runs the tool with its arguments bound in `parameters` order.
    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String
}

public struct PyParameter: Sendable, Hashable {
    public var name: String
    public var defaultValue: PyValue?
    public init(_ name: String, default defaultValue: PyValue? = nil) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

public enum PyArguments {
    /// Binds keyword arguments to a Python function's parameters, failing as CPython does:
    /// first an unexpected keyword, then the missing required parameters.
    public static func bind(_ kwargs: PyDict, to parameters: [PyParameter], function: String) throws(TauToolError) -> [PyValue] {
        for key in kwargs.keys where !parameters.contains(where: { $0.name == key }) {
            throw TauToolError("\(function)() got an unexpected keyword argument '\(key)'")
        }
        let missing = parameters.filter { $0.defaultValue == nil && !kwargs.contains($0.name) }.map { "'\($0.name)'" }
        if !missing.isEmpty {
            let list: String
            switch missing.count {
            case 1: list = missing[0]
            case 2: list = missing[0] + " and " + missing[1]
            default: list = missing.dropLast().joined(separator: ", ") + ", and " + missing.last!
            }
            let noun = missing.count == 1 ? "argument" : "arguments"
            throw TauToolError("\(function)() missing \(missing.count) required positional \(noun): \(list)")
        }
        return parameters.map { kwargs[$0.name] ?? $0.defaultValue ?? .none }
    }
}
