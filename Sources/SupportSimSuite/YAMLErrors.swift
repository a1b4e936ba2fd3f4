import Foundation
import Yams

/// libyaml's errors name its own states ("found character that cannot start any token", "did not
/// find expected key"); these say what the writer of the file did, at the place they did it.
enum YAMLErrors {
    /// Line, column (1-based) and message for a YAML error in `text`.
    static func describe(_ error: YamlError, in text: String) -> (line: Int, column: Int, message: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return translate(problem: problem, context: context, line: mark.line, column: mark.column, text: text)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, context.mark.column,
                    "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (1, 1, problem)
        default:
            return (1, 1, "\(error)")
        }
    }

    private static func translate(problem: String, context: YamlError.Context?, line: Int, column: Int,
                                  text: String) -> (line: Int, column: Int, message: String)
    {
        let lines = text.components(separatedBy: "\n")
        let lineText = line >= 1 && line <= lines.count ? lines[line - 1] : ""
        let contextText = context?.text ?? ""
        let opened = context.map { ($0.mark.line, $0.mark.column) } ?? (line, column)
        // A tab anywhere in a line's indentation: libyaml stops at the tab (or at the token after it).
        if let tab = indentationTab(lineText), problem.contains("cannot start any token") || problem.contains("tab") {
            return (line, tab, "tab characters cannot indent YAML; use spaces")
        }
        if problem.contains("cannot start any token") {
            let character = character(in: lineText, column: column).map { "\"\($0)\"" } ?? "this character"
            return (line, column, "\(character) cannot start an unquoted value; quote the value")
        }
        if contextText.contains("quoted scalar") {
            return (opened.0, opened.1, "this quoted value is never closed; add the closing quote")
        }
        if contextText.contains("flow sequence") || problem.contains("',' or ']'") {
            return (opened.0, opened.1, "this [ list is not closed with ] (or a comma is missing between its items)")
        }
        if contextText.contains("flow mapping") || problem.contains("',' or '}'") {
            return (opened.0, opened.1, "this { mapping is not closed with } (or a comma is missing between its entries)")
        }
        // `key: value` on a line indented deeper than the key above reads, to libyaml, as the
        // value going on over two lines and then a colon in it: an indentation mistake.
        if problem.contains("mapping values are not allowed"), let colon = lineText.firstIndex(of: ":"),
            lineText.distance(from: lineText.startIndex, to: colon) + 1 == column,
            lineText.first == " ", !lineText.trimmingCharacters(in: .whitespaces).hasPrefix("-")
        {
            return (line, firstNonSpace(lineText), "this line is indented differently from the keys above it")
        }
        if problem.contains("mapping values are not allowed") {
            return (line, column, "a colon inside an unquoted value; quote the value (or, if this is a key, "
                    + "indent it like the keys around it)")
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator")
            || problem.contains("block sequence entries are not allowed")
        {
            return (line, column, "this line is indented differently from the keys above it")
        }
        if problem.contains("could not find expected ':'") {
            return (opened.0, opened.1, "expected \"key: value\" here, found a line without a colon after its key")
        }
        if problem.contains("found undefined alias") || problem.contains("found undefined tag") {
            return (line, column, problem.replacingOccurrences(of: "found ", with: "") + "; quote a value that starts with * or !")
        }
        return (line, column, problem)
    }

    /// The 1-based column of the first tab in a line's leading whitespace, if any.
    static func indentationTab(_ line: String) -> Int? {
        var column = 1
        for c in line {
            if c == "\t" { return column }
            if c != " " && c != "-" { return nil }
            column += 1
        }
        return nil
    }

    private static func firstNonSpace(_ line: String) -> Int {
        (line.firstIndex { $0 != " " }.map { line.distance(from: line.startIndex, to: $0) } ?? 0) + 1
    }

    private static func character(in line: String, column: Int) -> Character? {
        guard column >= 1, column <= line.count else { return nil }
        return line[line.index(line.startIndex, offsetBy: column - 1)]
    }
}
