import Foundation

/// Reads an export of support conversations (docs/transcripts.md): CSV with a header row, or
/// JSON lines, one message or one whole conversation a line. The format is told by the file's
/// extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by its first character.
public enum TranscriptReader {
    public enum Format: String, Sendable { case csv, jsonLines = "json lines" }

    public static func read(contentsOf url: URL, file: String? = nil) throws(TranscriptError) -> [ExportedConversation] {
        let name = file ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TranscriptError(file: name, "cannot be read (\(error.localizedDescription))")
        }
        return try read(data, file: name)
    }

    /// `file` names the export in messages, and by its extension says which format it is.
    public static func read(_ data: Data, file: String) throws(TranscriptError) -> [ExportedConversation] {
        let text = try decode(data, file: file)
        let conversations: [ExportedConversation]
        switch format(of: text, file: file) {
        case .csv: conversations = try CSVTranscripts.read(text, file: file)
        case .jsonLines: conversations = try JSONLinesTranscripts.read(text, file: file)
        }
        guard !conversations.isEmpty else {
            throw TranscriptError(file: file, "expected at least one conversation with a message, found none")
        }
        return conversations
    }

    static func format(of text: String, file: String) -> Format {
        let ext = (file as NSString).pathExtension.lowercased()
        if ext == "csv" { return .csv }
        if ["jsonl", "ndjson", "json"].contains(ext) { return .jsonLines }
        let first = text.unicodeScalars.first { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{FEFF}" }
        return first == "{" ? .jsonLines : .csv
    }

    /// UTF-8, or an error at the first byte that is not.
    static func decode(_ data: Data, file: String) throws(TranscriptError) -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            let valid = length > 0 && i + length <= bytes.count && bytes[(i + 1)..<(i + length)].allSatisfy { $0 >> 6 == 0b10 }
            if !valid || String(bytes: bytes[i..<(i + length)], encoding: .utf8) == nil {
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                throw TranscriptError(file: file, line: line, column: column,
                                      "expected UTF-8 text, found the byte 0x\(String(b, radix: 16, uppercase: true)); "
                                          + "export the file as UTF-8")
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Messages gathered by conversation id, conversations in the order the file first names them.
struct ConversationCollector {
    private var order: [String] = []
    private var byID: [String: ExportedConversation] = [:]

    mutating func add(id: String, line: Int, channel: String?, customerName: String?, customerEmail: String?,
                      messages: [TranscriptMessage])
    {
        var c = byID[id] ?? {
            order.append(id)
            return ExportedConversation(id: id, messages: [], line: line)
        }()
        c.channelName = c.channelName ?? nonEmpty(channel)
        c.customerName = c.customerName ?? nonEmpty(customerName)
        c.customerEmail = c.customerEmail ?? nonEmpty(customerEmail)
        c.messages += messages
        byID[id] = c
    }

    /// Messages without text (attachments, empty notes) are left out; the rest are put in time
    /// order when every message has a time (a stable sort: equal times keep the file's order).
    var conversations: [ExportedConversation] {
        order.compactMap { id in
            var c = byID[id]!
            c.messages = c.messages.filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            if c.messages.allSatisfy({ $0.timeMs != nil }) {
                c.messages = c.messages.enumerated().sorted { ($0.element.timeMs!, $0.offset) < ($1.element.timeMs!, $1.offset) }
                    .map(\.element)
            }
            return c.messages.isEmpty ? nil : c
        }
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}

/// CSV exports: one message a record, the columns found by `FieldNames`.
enum CSVTranscripts {
    static func read(_ text: String, file: String) throws(TranscriptError) -> [ExportedConversation] {
        let table = try CSVTable(text: text, file: file)
        guard let header = table.rows.first else {
            throw TranscriptError(file: file, "expected a header row and messages, found an empty file")
        }
        let columns = FieldNames.match(header.fields)
        for field in FieldNames.required where columns[field] == nil {
            throw TranscriptError(file: file, line: header.line, column: 1,
                                  "expected a \(field.rawValue) column (one of \(FieldNames.accepted[field]!.joined(separator: ", "))), "
                                      + "found the columns \(header.fields.prefix(12).map { TranscriptError.shown($0) }.joined(separator: ", "))")
        }
        var collector = ConversationCollector()
        for row in table.rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw TranscriptError(file: file, line: row.line, column: 1,
                                      "expected \(header.fields.count) fields (as the header has), found \(row.fields.count)")
            }
            func value(_ f: FieldNames.Field) -> String? { columns[f].map { row.fields[$0] } }
            func column(_ f: FieldNames.Field) -> Int { columns[f].map { row.columns[$0] } ?? 1 }
            let id = value(.conversation)!.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                throw TranscriptError(file: file, line: row.line, column: column(.conversation),
                                      "expected a conversation id, found an empty field")
            }
            let roleText = value(.role)!
            guard let role = FieldNames.role(roleText) else {
                throw TranscriptError(file: file, line: row.line, column: column(.role),
                                      "expected a role (\(FieldNames.acceptedRoles)), found \(TranscriptError.shown(roleText))")
            }
            var time: Int64?
            if let t = value(.time), !t.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let parsed = Timestamps.parse(t) else {
                    throw TranscriptError(file: file, line: row.line, column: column(.time),
                                          "expected a time in ISO 8601 (2026-03-02T09:15:00Z) or Unix seconds, found \(TranscriptError.shown(t))")
                }
                time = parsed
            }
            collector.add(id: id, line: row.line, channel: value(.channel), customerName: value(.customerName),
                          customerEmail: value(.customerEmail),
                          messages: [TranscriptMessage(role: role, text: value(.text)!, timeMs: time, line: row.line)])
        }
        return collector.conversations
    }
}
