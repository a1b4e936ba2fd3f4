import Foundation
import SupportSimCore

/// Answers a call of a declared tool (docs/your-own-tools.md) on one conversation's world:
/// arguments checked against the tool's parameters, then its `maps_to`, `records` or
/// `responses`. (`exec` runs outside the backend's lock: ConversationBackend+Exec.)
enum DeclaredToolRunner {
    static func run(_ tool: DeclaredTool, _ arguments: [String: JSONValue], _ ctx: inout OperationContext) throws(ToolError) -> JSONValue {
        let args = try checked(tool, arguments)
        let now = ctx.nowText
        // (JSONValue is nil-literal convertible, so `nil` here must be spelled as no value.)
        let lookup = { (name: String) -> JSONValue? in
            if let value = args[name] { return value }
            return name == "now" ? now : Optional<JSONValue>.none
        }
        switch tool.implementation {
        case .mapsTo(let m): return try mapped(m, args, lookup, &ctx)
        case .records(let op): return try DeclaredRecords.run(op, lookup, &ctx)
        case .responses(let list): return try canned(tool.name, list, args, lookup)
        case .exec: throw ToolError(.unavailable, "\(tool.name) runs a handler program and is called asynchronously")
        }
    }

    /// The arguments as the tool's parameters allow: no unknown names, the required ones given,
    /// every value of its type; defaults filled in.
    static func checked(_ tool: DeclaredTool, _ arguments: [String: JSONValue]) throws(ToolError) -> [String: JSONValue] {
        // Every call passes here: the common case allocates nothing beyond the arguments.
        if arguments.keys.contains(where: { key in !tool.parameters.contains { $0.name == key } }) {
            let names = tool.parameters.map(\.name)
            let key = arguments.keys.sorted().first { !names.contains($0) } ?? ""
            throw ToolError(.invalidArgument, "\(tool.name) has no parameter \"\(key)\""
                            + (names.isEmpty ? " (it takes none)" : " (its parameters: \(names.joined(separator: ", ")))"))
        }
        var args = arguments.values.contains(.null) ? arguments.filter { $0.value != .null } : arguments
        for p in tool.parameters {
            guard let value = args[p.name] else {
                if p.required { throw ToolError(.invalidArgument, "missing argument \"\(p.name)\" for \(tool.name)") }
                if let d = p.schema.defaultValue { args[p.name] = d }
                continue
            }
            if let problem = p.schema.problem(with: value, at: p.name) {
                throw ToolError(.invalidArgument, "argument \(problem) (\(tool.name))")
            }
        }
        return args
    }

    static func mapped(_ m: ToolMapping, _ args: [String: JSONValue], _ lookup: (String) -> JSONValue?,
                       _ ctx: inout OperationContext) throws(ToolError) -> JSONValue {
        guard let spec = OperationCatalogue.spec(m.call), let handler = Operations.handlers[m.call] else {
            throw ToolError(.unknownOperation, "\(m.call) is not an operation")
        }
        var callArgs: [String: JSONValue] = [:]
        if let given = m.args {
            for (name, template) in given {
                // An optional parameter the agent left out leaves the argument out, not "$name".
                if let ref = ToolTemplate.wholeReference(template), lookup(ref) == nil { continue }
                callArgs[name] = ToolTemplate.render(template, lookup)
            }
        } else {
            callArgs = args
        }
        let checkedArgs = try Arguments.check(spec, callArgs)
        let result: JSONValue
        do { result = try handler(checkedArgs, &ctx) } catch let e as ToolError { throw e } catch {
            throw ToolError(.invalidArgument, "\(error)")
        }
        return reshaped(result, m)
    }

    /// The result with fields picked and renamed (`result:`), or all but the dropped ones.
    static func reshaped(_ result: JSONValue, _ m: ToolMapping) -> JSONValue {
        if let picks = m.result {
            var o: [String: JSONValue] = [:]
            for (name, source) in picks { o[name] = value(at: source, in: result) ?? .null }
            return .object(o)
        }
        guard !m.drop.isEmpty, case .object(var o) = result else { return result }
        for field in m.drop { o[field] = nil }
        return .object(o)
    }

    /// `refund.id` in a nested result.
    static func value(at path: String, in value: JSONValue) -> JSONValue? {
        var current: JSONValue? = value
        for part in path.split(separator: ".") {
            if let index = Int(part), let list = current?.arrayValue {
                current = list.indices.contains(index) ? list[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    static func canned(_ name: String, _ list: [CannedResponse], _ args: [String: JSONValue],
                       _ lookup: (String) -> JSONValue?) throws(ToolError) -> JSONValue {
        let chosen = list.first { r in
            (r.when ?? [:]).allSatisfy { key, matcher in args[key].map { RecordValues.matches(matcher, $0) } ?? false }
        }
        guard let chosen else {
            throw ToolError(.notFound, "no canned response of \(name) matches these arguments")
        }
        if let error = chosen.error {
            throw ToolError(error.code, ToolTemplate.render(error.message, lookup))
        }
        return ToolTemplate.render(chosen.result ?? .object([:]), lookup)
    }
}

/// Comparing record values as scenarios do: numbers as decimals (`49` is `49.00`, also as text).
enum RecordValues {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), _): return b.decimalValue == x
        case (_, .number(let y)): return a.decimalValue == y
        default: return a == b
        }
    }

    static func matches(_ matcher: ArgumentMatcher, _ actual: JSONValue) -> Bool {
        switch matcher {
        case .equals(let expected): return equal(expected, actual)
        case .glob(let pattern): return Glob.matches(pattern, actual.displayText)
        case .regex(let pattern): return actual.displayText.range(of: pattern, options: .regularExpression) != nil
        }
    }

    /// Order of two field values: numbers by value, anything else by its text; missing last.
    static func ascending(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, _), (.null?, _): return false
        case (_, nil), (_, .null?): return true
        case let (x?, y?):
            if let dx = x.decimalValue, let dy = y.decimalValue, x.stringValue == nil || y.stringValue == nil { return dx < dy }
            return x.displayText < y.displayText
        }
    }
}
