import Foundation
import SupportSimCore
import Yams

/// Where something is in a suite file.
struct Location: Sendable, Hashable {
    var file: String
    var line: Int
    var column: Int
    var path: String
}

/// A record id seen in a world collection, or a field that refers to one.
struct RecordMention: Sendable {
    var collection: String
    var id: String
    var location: Location
}

/// Walks a composed YAML document against a `Shape`, collecting every problem instead of stopping
/// at the first, and returns the value as JSON with exact decimals.
struct NodeValidator {
    let file: String
    var diagnostics: [Diagnostic] = []
    var definitions: [RecordMention] = []
    var references: [RecordMention] = []
    /// Marks of every value by key path, for problems found after validation.
    var marks: [String: Location] = [:]
    /// The suite's tools, which operation names are checked against.
    let catalogue: ToolCatalogue

    init(file: String, catalogue: ToolCatalogue = .support) {
        self.file = file
        self.catalogue = catalogue
    }

    mutating func report(_ location: Location, _ message: String) {
        diagnostics.append(Diagnostic(file: location.file, line: location.line, column: location.column,
                                      path: location.path, message: message))
    }

    func location(of node: Node, path: String) -> Location {
        Location(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, path: path)
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return "nothing (null)" }
            return quote(s.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A value quoted for a message: control characters shown escaped, and cut after 80
    /// characters so that a huge value cannot make a huge error.
    static func quote(_ text: String) -> String {
        let limit = 80
        var shown = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { break }
            count += 1
            if IdentifierText.isControl(scalar) {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        let total = text.unicodeScalars.count
        return "\"" + shown + (total > limit ? "…\" (\(total) characters)" : "\"")
    }

    /// Ids, skus, tags and references name things in reports, terminals and the history: they
    /// may hold no control characters (a NUL once failed a whole run at the history insert).
    private static func isIdentifierPath(_ path: String, _ shape: Shape) -> Bool {
        if case .reference = shape { return true }
        guard case .string = shape else { return false }
        let last = path.split(separator: ".").last.map(String.init) ?? path
        return last == "id" || last == "sku" || last.hasPrefix("tags[") || last == "tags"
    }

    /// A plain (unquoted) scalar's YAML type, resolved the YAML 1.2 core way.
    static func plainValue(_ s: Node.Scalar) -> JSONValue {
        guard s.style == .plain else { return .string(s.string) }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            let t = s.string
            if t.range(of: #"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"#, options: .regularExpression) != nil,
                let d = Decimal(exactly: t)
            {
                return .number(d)
            }
            return .string(t)
        }
    }

    mutating func validate(_ node: Node, _ shape: Shape, path: String) -> JSONValue? {
        let here = location(of: node, path: path)
        marks[path] = here
        if case .alias = node {
            report(here, "aliases are not supported in suite files; write the value out")
            return nil
        }
        if case .scalar(let s) = node, Self.isIdentifierPath(path, shape), s.string.unicodeScalars.contains(where: IdentifierText.isControl) {
            report(here, "expected an identifier without control characters, found \(Self.quote(s.string))")
            return nil
        }
        switch shape {
        case .any:
            return anyValue(node)
        case .string:
            guard case .scalar(let s) = node, Self.plainValue(s) != .null else {
                report(here, "expected a string, found \(Self.describe(node))")
                return nil
            }
            return .string(s.string)
        case .decimal(let minimum):
            guard case .scalar(let s) = node, case .number(let d) = Self.plainValue(s) else {
                report(here, "expected a decimal number, found \(Self.describe(node))")
                return nil
            }
            if let minimum, d < minimum {
                report(here, "expected a decimal number of at least \(minimum.plainString), found \(s.string)")
                return nil
            }
            return .number(d)
        case .integer(let minimum, let maximum):
            guard case .scalar(let s) = node, case .number(let d) = Self.plainValue(s), d == d.rounded0 else {
                report(here, "expected a whole number, found \(Self.describe(node))")
                return nil
            }
            if d < Decimal(minimum) {
                report(here, "expected a whole number of at least \(minimum), found \(s.string)")
                return nil
            }
            if let maximum, d > Decimal(maximum) {
                report(here, "expected a whole number of at most \(maximum), found \(s.string)")
                return nil
            }
            return .number(d)
        case .rate:
            guard case .scalar(let s) = node, case .number(let d) = Self.plainValue(s) else {
                report(here, "expected a rate between 0 and 1, found \(Self.describe(node))")
                return nil
            }
            if d < 0 || d > 1 {
                // `min: 90` is a percentage: a gate that can never pass (or never fail).
                let hint = d > 1 && d <= 100 ? "; did you mean \((d / 100).plainString)?" : ""
                report(here, "rates are between 0 and 1, found \(s.string)\(hint)")
                return nil
            }
            return .number(d)
        case .boolean:
            guard case .scalar(let s) = node, case .bool(let b) = Self.plainValue(s) else {
                report(here, "expected true or false, found \(Self.describe(node))")
                return nil
            }
            return .bool(b)
        case .date, .dateTime:
            guard case .scalar(let s) = node, Self.plainValue(s) != .null else {
                report(here, "expected a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), found \(Self.describe(node))")
                return nil
            }
            let dayOK = ISODate.parseDay(s.string) != nil
            let timeOK = ISODate.parseDateTime(s.string) != nil
            if case .dateTime = shape, !timeOK {
                report(here, "expected a date-time (YYYY-MM-DDThh:mm:ssZ), found \(Self.quote(s.string))")
                return nil
            }
            if !dayOK, !timeOK {
                report(here, "expected a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), found \(Self.quote(s.string))")
                return nil
            }
            return .string(s.string)
        case .choice(let options):
            guard case .scalar(let s) = node, options.contains(s.string) else {
                report(here, "expected one of \(options.joined(separator: ", ")), found \(Self.describe(node))"
                       + (node.scalar.map { Suggestion.didYouMean($0.string, options) } ?? ""))
                return nil
            }
            return .string(s.string)
        case .reference(let collection):
            guard case .scalar(let s) = node, Self.plainValue(s) != .null else {
                report(here, "expected the id of a record in \(collection), found \(Self.describe(node))")
                return nil
            }
            references.append(RecordMention(collection: collection, id: s.string, location: here))
            return .string(s.string)
        case .operation(let glob):
            guard case .scalar(let s) = node, Self.plainValue(s) != .null else {
                report(here, "expected a tool name such as \(catalogue.example), found \(Self.describe(node))")
                return nil
            }
            let name = s.string
            if glob, Glob.isPattern(name) {
                if catalogue.names(matching: name).isEmpty {
                    report(here, "\(Self.quote(name)) matches no \(catalogue.noun)"
                           + (catalogue == .support ? "" : " in \(catalogue.source)"))
                }
            } else if !catalogue.contains(name) {
                let suggestion = Suggestion.didYouMean(name, catalogue.names)
                report(here, "unknown \(catalogue.noun) \(Self.quote(name))"
                       + (suggestion.isEmpty && catalogue != .support ? " (not in \(catalogue.source))" : suggestion))
            }
            return .string(name)
        case .regex:
            guard case .scalar(let s) = node, Self.plainValue(s) != .null else {
                report(here, "expected a regular expression, found \(Self.describe(node))")
                return nil
            }
            do { _ = try NSRegularExpression(pattern: s.string) } catch {
                report(here, "invalid regular expression \(Self.quote(s.string))")
                return nil
            }
            return .string(s.string)
        case .list(let element, let minCount):
            guard case .sequence(let seq) = node else {
                report(here, "expected a list, found \(Self.describe(node))")
                return nil
            }
            if seq.count < minCount {
                report(here, "expected at least \(minCount) item\(minCount == 1 ? "" : "s"), found \(seq.count)")
            }
            var items: [JSONValue] = []
            for (i, item) in seq.enumerated() {
                if let v = validate(item, element, path: "\(path)[\(i)]") { items.append(v) }
            }
            return .array(items)
        case .oneOrMany(let element):
            if case .sequence = node { return validate(node, .list(element), path: path) }
            return validate(node, element, path: path).map { .array([$0]) }
        case .scalarOr(let scalarShape, let structured):
            if case .scalar = node, !isStructuredScalar(structured) { return validate(node, scalarShape, path: path) }
            if case .scalar(let s) = node, case .choice(let words) = scalarShape, words.contains(s.string) {
                return .string(s.string)
            }
            if case .mapping = node, case .object = scalarShape, !isMapping(structured) {
                return validate(node, scalarShape, path: path)
            }
            return validate(node, structured, path: path)
        case .argumentMatcher:
            if case .mapping(let m) = node, m.count == 1, let key = m.keys.first?.scalar?.string,
                key == "glob" || key == "regex"
            {
                let shape: Shape = key == "regex" ? .regex : .string
                guard let v = validate(m.values.first!, shape, path: "\(path).\(key)") else { return nil }
                return [key: v]
            }
            return anyValue(node)
        case .object(let object):
            return validateObject(node, object, path: path, here: here)
        }
    }

    private func isStructuredScalar(_ shape: Shape) -> Bool {
        switch shape {
        case .integer, .decimal, .rate, .string, .boolean: return true
        default: return false
        }
    }

    private func isMapping(_ shape: Shape) -> Bool {
        if case .object = shape { return true }
        return false
    }

    private mutating func validateObject(_ node: Node, _ object: ObjectShape, path: String, here: Location) -> JSONValue? {
        guard case .mapping(let mapping) = node else {
            report(here, "expected a mapping, found \(Self.describe(node))")
            return nil
        }
        var fields: [String: JSONValue] = [:]
        var failed = false
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(location(of: keyNode, path: path), "expected a key, found \(Self.describe(keyNode))")
                failed = true
                continue
            }
            let key = keyScalar.string
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            let shape: Shape
            if let field = object.field(key) {
                shape = field.shape
            } else if let additional = object.additional {
                shape = additional
            } else {
                report(location(of: keyNode, path: path),
                       "unknown key \(Self.quote(key))" + Suggestion.didYouMean(key, object.fields.map(\.name))
                       + " (expected one of: \(object.fields.map(\.name).joined(separator: ", ")))")
                failed = true
                continue
            }
            if let v = validate(valueNode, shape, path: childPath) { fields[key] = v } else { failed = true }
        }
        for field in object.fields where field.required && fields[field.name] == nil {
            if mapping.keys.contains(where: { $0.scalar?.string == field.name }) { continue }
            report(here, "missing required key \"\(field.name)\"")
            failed = true
        }
        if let collection = object.collection, let id = fields[object.keyField ?? Schemas.keyField(of: collection)]?.stringValue {
            let keyPath = "\(path).\(object.keyField ?? Schemas.keyField(of: collection))"
            definitions.append(RecordMention(collection: collection, id: id, location: marks[keyPath] ?? here))
        }
        _ = failed
        return .object(fields)
    }

    private mutating func anyValue(_ node: Node) -> JSONValue? {
        switch node {
        case .scalar(let s): return Self.plainValue(s)
        case .sequence(let seq): return .array(seq.compactMap { anyValue($0) })
        case .mapping(let m):
            var o: [String: JSONValue] = [:]
            for (k, v) in m { if let key = k.scalar?.string, let value = anyValue(v) { o[key] = value } }
            return .object(o)
        case .alias: return nil
        }
    }
}

extension Decimal {
    var rounded0: Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .down)
        return result
    }
}
