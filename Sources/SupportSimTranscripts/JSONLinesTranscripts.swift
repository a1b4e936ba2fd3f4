import Foundation
import SupportSimCore

/// JSON lines exports: each non-blank line one JSON object, either one message
/// (`{conversation_id, role, text, time, ...}`) or one conversation
/// (`{id, channel?, customer_name?, customer_email?, messages: [{role, text, time}]}`), the
/// field names found by `FieldNames`. Problems are reported at their line, at the field's
/// column when the field can be found in the line.
enum JSONLinesTranscripts {
    static func read(_ text: String, file: String) throws(TranscriptError) -> [ExportedConversation] {
        var collector = ConversationCollector()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let place = Place(file: file, line: lineNumber, text: line)
            let value: JSONValue
            do {
                value = try JSONValue.parse(line)
            } catch {
                throw place.error(at: error.offset, "expected a JSON object on this line (\(error.message))")
            }
            guard let object = value.objectValue else {
                throw place.error(at: 0, "expected a JSON object (one message or one conversation), found \(kind(value))")
            }
            try read(object, place: place, into: &collector)
        }
        return collector.conversations
    }

    private static func read(_ object: [String: JSONValue], place: Place,
                             into collector: inout ConversationCollector) throws(TranscriptError)
    {
        let fields = Fields(object: object, place: place)
        guard let id = try fields.string(.conversation), !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw place.error(at: 0, "expected a conversation id (one of \(FieldNames.accepted[.conversation]!.joined(separator: ", "))), "
                                  + "found the fields \(object.keys.sorted().prefix(12).joined(separator: ", "))")
        }
        let messages: [TranscriptMessage]
        if let list = object["messages"] {
            guard let items = list.arrayValue else {
                throw place.error(key: "messages", "expected messages to be a list of {role, text, time}, found \(kind(list))")
            }
            var read: [TranscriptMessage] = []
            for (index, item) in items.enumerated() {
                guard let message = item.objectValue else {
                    throw place.error(key: "messages", "expected messages[\(index)] to be an object {role, text, time}, found \(kind(item))")
                }
                read.append(try self.message(Fields(object: message, place: place, path: "messages[\(index)]."), place: place))
            }
            messages = read
        } else {
            messages = [try message(fields, place: place)]
        }
        collector.add(id: id.trimmingCharacters(in: .whitespaces), line: place.line, channel: try fields.string(.channel),
                      customerName: try fields.string(.customerName), customerEmail: try fields.string(.customerEmail),
                      messages: messages)
    }

    private static func message(_ fields: Fields, place: Place) throws(TranscriptError) -> TranscriptMessage {
        guard let roleText = try fields.string(.role) else {
            throw fields.missing(.role)
        }
        guard let role = FieldNames.role(roleText) else {
            throw place.error(key: fields.key(.role), "expected \(fields.path)\(fields.key(.role) ?? "role") to be a role "
                                  + "(\(FieldNames.acceptedRoles)), found \(TranscriptError.shown(roleText))")
        }
        guard let text = try fields.string(.text) else { throw fields.missing(.text) }
        var time: Int64?
        if let key = fields.key(.time), let raw = fields.object[key], raw != .null {
            let parsed: Int64?
            switch raw {
            case .string(let s): parsed = Timestamps.parse(s)
            case .number(let d): parsed = Timestamps.parse(d.plainString)
            default: parsed = nil
            }
            guard let parsed else {
                let shown = raw.stringValue ?? raw.displayText
                throw place.error(key: key, "expected \(fields.path)\(key) to be a time in ISO 8601 (2026-03-02T09:15:00Z) "
                                      + "or Unix seconds, found \(TranscriptError.shown(shown))")
            }
            time = parsed
        }
        return TranscriptMessage(role: role, text: text, timeMs: time, line: place.line)
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .object: return "an object"
        case .array: return "a list"
        case .string(let s): return "the string \(TranscriptError.shown(s))"
        case .number(let d): return "the number \(d.plainString)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// One line of the file, for located errors.
    struct Place {
        var file: String
        var line: Int
        var text: String

        /// At a UTF-8 byte offset of the line.
        func error(at offset: Int, _ message: String) -> TranscriptError {
            let bytes = Array(text.utf8)
            let column = String(decoding: bytes.prefix(max(0, min(offset, bytes.count))), as: UTF8.self).count + 1
            return TranscriptError(file: file, line: line, column: column, message)
        }

        /// At the first place the line spells `"key"`, else its start.
        func error(key: String?, _ message: String) -> TranscriptError {
            guard let key, let r = text.range(of: "\"\(key)\"") else { return error(at: 0, message) }
            return TranscriptError(file: file, line: line, column: text.distance(from: text.startIndex, to: r.lowerBound) + 1, message)
        }
    }

    /// An object's fields found by their accepted names.
    struct Fields {
        var object: [String: JSONValue]
        var place: Place
        var path = ""
        private let keys: [FieldNames.Field: String]

        init(object: [String: JSONValue], place: Place, path: String = "") {
            self.object = object
            self.place = place
            self.path = path
            let names = object.keys.sorted()
            keys = FieldNames.match(names).mapValues { names[$0] }
        }

        func key(_ f: FieldNames.Field) -> String? { keys[f] }

        /// Strings as they are, numbers (ids are often numbers) in plain decimal notation.
        func string(_ f: FieldNames.Field) throws(TranscriptError) -> String? {
            guard let key = keys[f], let v = object[key] else { return nil }
            switch v {
            case .string(let s): return s
            case .number(let d): return d.plainString
            case .null: return nil
            default:
                throw place.error(key: key, "expected \(path)\(key) to be a string, found \(JSONLinesTranscripts.kind(v))")
            }
        }

        func missing(_ f: FieldNames.Field) -> TranscriptError {
            place.error(at: 0, "expected \(path.isEmpty ? "a" : "\(path)") \(f.rawValue) field (one of "
                            + "\(FieldNames.accepted[f]!.joined(separator: ", "))), found the fields \(object.keys.sorted().joined(separator: ", "))")
        }
    }
}
