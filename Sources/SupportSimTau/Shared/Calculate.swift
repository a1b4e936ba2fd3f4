import Foundation

/// `calculate`: evaluates an arithmetic expression as Python's `eval` would and answers
/// `str(round(float(result), 2))`, or the error Python raised.
///
/// Only `0-9 + - * / ( ) .` and spaces get through to `eval`, yet Python still reads them as
/// Python: ints of any size, `//` and `**`, `...`, `()`, calls such as `2(3)`, complex
/// results of negative bases to fractional powers, and its own syntax errors. The port follows
/// CPython 3.11 on all of it (see `CalculateParser.swift`), with two approximations for
/// inputs no agent sends: integers past 131,072 bits (Python computes on; here they fail as
/// `float()` would fail on them) and nesting deep enough to exhaust CPython's parser or
/// compiler (its limits depend on the interpreter's stack; here they are fixed).
///
/// Upstream's airline and retail domains share this tool's code, so both domains offer this one
/// port. (Two ports were written at first; this one was kept for following CPython further:
/// the 4,300-digit limit on int literals and `str(int)`, the parser's MemoryError on deep
/// nesting, and the parser's memoization, which decides what its error pass re-checks.)
struct Calculate: TauTool {
    let name = "calculate"
    let className = "Calculate"
    let parameters = [PyParameter("expression")]

    static let allowed = Set("0123456789+-*/(). ".unicodeScalars)
    /// CPython's compiler refuses expressions nested deeper than about three times its
    /// recursion limit (less the frames already in use when tau-bench calls the tool).
    static let compilerDepthLimit = 2900

    func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
        let expression = arguments[0]
        // `all(char in ALLOWED for char in expression)`: a list's strings are tested as
        // substrings, anything else fails as Python would before `eval` is reached.
        for element in try PyBuiltins.iterate(expression) {
            guard case .string(let piece) = element else {
                throw TauToolError("'in <string>' requires string as left operand, not \(PyBuiltins.typeName(element))")
            }
            let fits = expression.stringValue != nil
                ? piece.unicodeScalars.allSatisfy(Self.allowed.contains)
                : PyBuiltins.textContains("0123456789+-*/(). ", piece)
            if !fits { return "Error: invalid characters in expression" }
        }
        guard case .string(let source) = expression else {
            return "Error: eval() arg 1 must be a string, bytes or code object"
        }
        return Self.calculate(source)
    }

    /// The tool's answer for an expression of allowed characters.
    static func calculate(_ source: String) -> String {
        do {
            let tree = try parse(Array(source.utf8))
            guard tree.depth <= compilerDepthLimit else { return "Error: maximum recursion depth exceeded during compilation" }
            let value = try float(evaluate(tree))
            return PyText.floatRepr(PyText.round(value, 2))
        } catch let failure as SyntaxFailure {
            return "Error: \(failure.text)"
        } catch let failure as EvaluationError {
            return "Error: \(failure.text)"
        } catch {
            return "Error: \(error)"
        }
    }
}
