import Foundation
import SupportSimCore

/// Checked access to an operation's arguments; every problem is an `invalid_argument` naming it.
struct Arguments {
    let operation: OperationSpec
    let values: [String: JSONValue]

    /// Rejects unknown and missing arguments and values of the wrong type before an operation runs.
    static func check(_ spec: OperationSpec, _ values: [String: JSONValue]) throws(ToolError) -> Arguments {
        for name in values.keys.sorted() where spec.argument(name) == nil {
            throw ToolError(.invalidArgument, "unknown argument \"\(name)\" for \(spec.name); its arguments are "
                            + spec.arguments.map(\.name).joined(separator: ", "))
        }
        for a in spec.arguments {
            guard let v = values[a.name], v != .null else {
                if a.required { throw ToolError(.invalidArgument, "missing argument \"\(a.name)\" for \(spec.name)") }
                continue
            }
            let ok: Bool
            switch a.type {
            case .string: ok = v.stringValue.map { !$0.isEmpty } ?? false
            case .decimal: ok = v.decimalValue != nil
            case .integer: ok = v.intValue != nil && v.decimalValue == Decimal(v.intValue ?? 0)
            case .boolean: ok = v.boolValue != nil
            case .stringList: ok = v.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false
            case .list: ok = v.arrayValue != nil
            case .object: ok = v.objectValue != nil
            case .any: ok = true
            }
            if !ok {
                throw ToolError(.invalidArgument, "argument \"\(a.name)\" of \(spec.name) must be "
                                + Self.describe(a.type) + ", found \(v.jsonText())")
            }
            if !a.allowed.isEmpty, let s = v.stringValue, !a.allowed.contains(s) {
                throw ToolError(.invalidArgument, "argument \"\(a.name)\" must be one of "
                                + a.allowed.joined(separator: ", ") + ", found \"\(s)\"")
            }
        }
        if !spec.oneOf.isEmpty, !spec.oneOf.contains(where: { values[$0] != nil && values[$0] != .null }) {
            throw ToolError(.invalidArgument, "\(spec.name) needs one of " + spec.oneOf.joined(separator: ", "))
        }
        return Arguments(operation: spec, values: values)
    }

    static func describe(_ t: OperationSpec.ArgumentType) -> String {
        switch t {
        case .string: return "a non-empty string"
        case .decimal: return "a decimal number"
        case .integer: return "a whole number"
        case .boolean: return "true or false"
        case .stringList: return "a list of strings"
        case .list: return "a list"
        case .object: return "an object"
        case .any: return "any value"
        }
    }

    func string(_ name: String) -> String? { values[name]?.stringValue }
    func decimal(_ name: String) -> Decimal? { values[name]?.decimalValue }
    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    func int(_ name: String) -> Int? { values[name]?.intValue }
    func strings(_ name: String) -> [String]? { values[name]?.arrayValue?.compactMap(\.stringValue) }
    func object(_ name: String) -> [String: JSONValue]? { values[name]?.objectValue }

    /// For arguments `check` has proven present.
    func required(_ name: String) -> String { string(name) ?? "" }
}
