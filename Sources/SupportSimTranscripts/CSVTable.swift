import Foundation

/// A CSV file read by RFC 4180: comma-separated fields, records ended by CRLF or LF, fields in
/// double quotes when they hold commas, quotes (doubled) or line breaks. Every record keeps the
/// line it starts on, so that a problem with its values can be reported there.
struct CSVTable {
    struct Row {
        var fields: [String]
        /// 1-based line of the record's first character.
        var line: Int
        /// 1-based column where each field starts.
        var columns: [Int]
    }

    var rows: [Row]

    /// Blank lines between records are skipped; a byte-order mark before the header is ignored.
    init(text: String, file: String) throws(TranscriptError) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var rows: [Row] = []
        var i = 0, line = 1, column = 1
        let n = scalars.count
        while i < n {
            // A blank line (or the file's last line break) is no record.
            if scalars[i] == "\n" || scalars[i] == "\r" {
                if scalars[i] == "\r", i + 1 < n, scalars[i + 1] == "\n" { i += 1 }
                i += 1; line += 1; column = 1
                continue
            }
            var row = Row(fields: [], line: line, columns: [])
            var recordEnded = false
            while !recordEnded {
                row.columns.append(column)
                var field = String.UnicodeScalarView()
                if i < n, scalars[i] == "\"" {
                    let (openLine, openColumn) = (line, column)
                    i += 1; column += 1
                    var closed = false
                    while i < n {
                        let c = scalars[i]
                        if c == "\"" {
                            if i + 1 < n, scalars[i + 1] == "\"" {
                                field.append("\""); i += 2; column += 2
                                continue
                            }
                            i += 1; column += 1
                            closed = true
                            break
                        }
                        field.append(c)
                        i += 1
                        if c == "\n" || (c == "\r" && !(i < n && scalars[i] == "\n")) { line += 1; column = 1 } else if c != "\r" { column += 1 }
                    }
                    guard closed else {
                        throw TranscriptError(file: file, line: openLine, column: openColumn,
                                              "expected a closing quote for the field that starts here, found the end of the file")
                    }
                    if i < n, !Self.isSeparator(scalars[i]) {
                        throw TranscriptError(file: file, line: line, column: column,
                                              "expected a comma or the end of the line after a quoted field, found "
                                                  + TranscriptError.shown(String(Character(scalars[i]))))
                    }
                } else {
                    while i < n, !Self.isSeparator(scalars[i]) {
                        if scalars[i] == "\"" {
                            throw TranscriptError(file: file, line: line, column: column,
                                                  "expected no quote inside an unquoted field, found \"\\\"\"; quote the whole field "
                                                      + "and double the quotes inside it (RFC 4180)")
                        }
                        field.append(scalars[i]); i += 1; column += 1
                    }
                }
                row.fields.append(String(field))
                if i < n, scalars[i] == "," {
                    i += 1; column += 1
                } else {
                    if i < n, scalars[i] == "\r" { i += 1 }
                    if i < n, scalars[i] == "\n" { i += 1 }
                    line += 1; column = 1
                    recordEnded = true
                }
            }
            rows.append(row)
        }
        self.rows = rows
    }

    private static func isSeparator(_ c: Unicode.Scalar) -> Bool { c == "," || c == "\n" || c == "\r" }
}
