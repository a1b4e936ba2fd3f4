import Foundation

extension Calculate {
    /// An expression as CPython parses the characters `calculate` lets through
    /// (`0-9 + - * / ( ) .` and spaces): numbers, `...`, the empty tuple `()`, unary `+ -`,
    /// binary `+ - * / // **`, and calls (which always fail when evaluated).
    indirect enum Node: Sendable {
        case int(BigInt)
        case float(Double)
        case ellipsis
        case emptyTuple
        case unary(Token.Kind, Node)
        case binary(Token.Kind, Node, Node)
        case call(Node, Argument)

        enum Argument: Sendable {
            case none, positional(Node), star(Node), doubleStar(Node)
        }

        /// Nesting depth, as CPython's compiler counts it against its recursion limit.
        var depth: Int {
            switch self {
            case .int, .float, .ellipsis, .emptyTuple: 1
            case .unary(_, let x): 1 + x.depth
            case .binary(_, let a, let b): 1 + max(a.depth, b.depth)
            case .call(let f, let argument):
                switch argument {
                case .none: 1 + f.depth
                case .positional(let x), .star(let x), .doubleStar(let x): 1 + max(f.depth, x.depth)
                }
            }
        }
    }

    struct Token: Sendable {
        enum Kind: Sendable {
            case number, ellipsis, dot, open, close, plus, minus, star, doubleStar, slash, doubleSlash, end
        }
        var kind: Kind
        var text: ArraySlice<UInt8> = []
        /// The parenthesis depth the tokenizer had just after reading this token.
        var level: Int
    }

    /// Why `eval` raised `SyntaxError` (or, for absurd nesting, `MemoryError`): the text Python's
    /// `str(e)` gives.
    struct SyntaxFailure: Error {
        var text: String
        static func syntax(_ message: String, line: Int = 1) -> SyntaxFailure { .init(text: "\(message) (<string>, line \(line))") }
        static let neverClosed = syntax("'(' was never closed")
        /// CPython's parser gives up on nesting beyond its stack with a bare `MemoryError`.
        static let parserStack = SyntaxFailure(text: "")
    }

    /// CPython's tokenizer on the allowed characters; its errors win over any parse error.
    static func tokenize(_ source: [UInt8]) throws(SyntaxFailure) -> [Token] {
        var tokens: [Token] = []
        var level = 0
        var i = 0
        func isDigit(_ at: Int) -> Bool { at < source.count && source[at] >= 0x30 && source[at] <= 0x39 }
        func skipDigits(_ at: inout Int) { while isDigit(at) { at += 1 } }
        while true {
            while i < source.count && source[i] == UInt8(ascii: " ") { i += 1 }
            guard i < source.count else { break }
            let start = i
            let c = source[i]
            func emit(_ kind: Token.Kind, _ length: Int) {
                i = start + length
                tokens.append(Token(kind: kind, text: source[start..<i], level: level))
            }
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var j = i
                if c == UInt8(ascii: "0") {
                    while j < source.count && source[j] == UInt8(ascii: "0") { j += 1 }
                    let nonzero = isDigit(j)
                    skipDigits(&j)
                    if j < source.count && source[j] == UInt8(ascii: ".") {
                        j += 1
                        skipDigits(&j)
                    } else if nonzero {
                        throw .syntax("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
                    }
                } else {
                    skipDigits(&j)
                    if j < source.count && source[j] == UInt8(ascii: ".") {
                        j += 1
                        skipDigits(&j)
                    }
                }
                emit(.number, j - i)
            case UInt8(ascii: "."):
                if isDigit(i + 1) {
                    var j = i + 1
                    skipDigits(&j)
                    emit(.number, j - i)
                } else if i + 2 < source.count && source[i + 1] == c && source[i + 2] == c {
                    emit(.ellipsis, 3)
                } else {
                    emit(.dot, 1)
                }
            case UInt8(ascii: "("):
                guard level < 200 else { throw .syntax("too many nested parentheses") }
                level += 1
                emit(.open, 1)
            case UInt8(ascii: ")"):
                guard level > 0 else { throw .syntax("unmatched ')'") }
                level -= 1
                emit(.close, 1)
            case UInt8(ascii: "*"):
                if i + 1 < source.count && source[i + 1] == c { emit(.doubleStar, 2) } else { emit(.star, 1) }
            case UInt8(ascii: "/"):
                if i + 1 < source.count && source[i + 1] == c { emit(.doubleSlash, 2) } else { emit(.slash, 1) }
            case UInt8(ascii: "+"): emit(.plus, 1)
            default: emit(.minus, 1)  // only '-' is left among the allowed characters
            }
        }
        tokens.append(Token(kind: .end, level: level))
        return tokens
    }

    /// Parses as CPython 3.11's PEG parser does for these tokens: a first pass with the plain
    /// grammar, then, if it failed without an error, a second pass with the `invalid_*` rules
    /// that give the specific messages. Reading the end of input with a parenthesis still open
    /// fails at once with "'(' was never closed", so which rules look how far ahead matters,
    /// and is kept (as is the memoization, which decides what the second pass re-checks).
    static func parse(_ source: [UInt8]) throws(SyntaxFailure) -> Node {
        let tokens = try tokenize(source)
        if tokens.count == 1 && tokens[0].level == 0 { throw .syntax("invalid syntax", line: 0) }
        var first = Parser(tokens: tokens, invalidRules: false)
        if let node = try first.eval() { return node }
        var second = Parser(tokens: tokens, invalidRules: true)
        _ = try second.eval()
        throw .syntax("invalid syntax")
    }

    struct Parser {
        typealias Result = (node: Node, end: Int)
        enum Rule: Hashable { case expression, disjunction, term, factor, primary }
        struct MemoKey: Hashable { var rule: Rule; var position: Int }

        let tokens: [Token]
        var invalidRules: Bool
        var memo: [MemoKey: Result?] = [:]
        var argumentMemo: [Int: (argument: Node.Argument, end: Int)?] = [:]
        var depth = 0

        init(tokens: [Token], invalidRules: Bool) {
            self.tokens = tokens
            self.invalidRules = invalidRules
        }

        /// The token at `i`; reaching the end inside parentheses is the "never closed" error.
        func kind(_ i: Int) throws(SyntaxFailure) -> Token.Kind {
            let token = tokens[min(i, tokens.count - 1)]
            if token.kind == .end && token.level > 0 { throw .neverClosed }
            return token.kind
        }

        mutating func memoized(_ rule: Rule, _ p: Int, _ body: (inout Parser) throws(SyntaxFailure) -> Result?) throws(SyntaxFailure) -> Result? {
            let key = MemoKey(rule: rule, position: p)
            if let known = memo[key] { return known }
            depth += 1
            defer { depth -= 1 }
            guard depth <= 5950 else { throw .parserStack }  // about where CPython 3.11's parser stack ends
            let result = try body(&self)
            memo[key] = result
            return result
        }

        mutating func eval() throws(SyntaxFailure) -> Node? {
            guard let (node, end) = try expression(0), try kind(end) == .end else { return nil }
            return node
        }

        mutating func expression(_ p: Int) throws(SyntaxFailure) -> Result? {
            try memoized(.expression, p) { (parser: inout Parser) throws(SyntaxFailure) -> Result? in
                if parser.invalidRules { try parser.invalidExpression(p) }
                return try parser.disjunction(p)
            }
        }

        /// Two expressions side by side inside parentheses: "Perhaps you forgot a comma?".
        mutating func invalidExpression(_ p: Int) throws(SyntaxFailure) {
            _ = try kind(p)
            guard let a = try disjunction(p) else { return }
            // `expression_without_invalid`: the second expression is parsed with the
            // `invalid_*` rules off.
            let saved = invalidRules
            invalidRules = false
            defer { invalidRules = saved }
            if let b = try disjunction(a.end), tokens[b.end - 1].level > 0 {
                throw .syntax("invalid syntax. Perhaps you forgot a comma?")
            }
        }

        /// `disjunction` down to `sum`: one level for these tokens.
        mutating func disjunction(_ p: Int) throws(SyntaxFailure) -> Result? {
            try memoized(.disjunction, p) { (parser: inout Parser) throws(SyntaxFailure) -> Result? in
                guard var (node, end) = try parser.term(p) else { return nil }
                while true {
                    let op = try parser.kind(end)
                    guard op == .plus || op == .minus, let (right, next) = try parser.term(end + 1) else { break }
                    node = .binary(op, node, right)
                    end = next
                }
                return (node, end)
            }
        }

        mutating func term(_ p: Int) throws(SyntaxFailure) -> Result? {
            try memoized(.term, p) { (parser: inout Parser) throws(SyntaxFailure) -> Result? in
                guard var (node, end) = try parser.factor(p) else { return nil }
                while true {
                    let op = try parser.kind(end)
                    guard op == .star || op == .slash || op == .doubleSlash, let (right, next) = try parser.factor(end + 1) else { break }
                    node = .binary(op, node, right)
                    end = next
                }
                return (node, end)
            }
        }

        mutating func factor(_ p: Int) throws(SyntaxFailure) -> Result? {
            try memoized(.factor, p) { (parser: inout Parser) throws(SyntaxFailure) -> Result? in
                let op = try parser.kind(p)
                if op == .plus || op == .minus {
                    guard let (operand, end) = try parser.factor(p + 1) else { return nil }
                    return (.unary(op, operand), end)
                }
                return try parser.power(p)
            }
        }

        mutating func power(_ p: Int) throws(SyntaxFailure) -> Result? {
            guard let (base, end) = try primary(p) else { return nil }
            if try kind(end) == .doubleStar, let (exponent, next) = try factor(end + 1) {
                return (.binary(.doubleStar, base, exponent), next)
            }
            return (base, end)
        }

        mutating func primary(_ p: Int) throws(SyntaxFailure) -> Result? {
            try memoized(.primary, p) { (parser: inout Parser) throws(SyntaxFailure) -> Result? in
                guard var (node, end) = try parser.atom(p) else { return nil }
                while true {
                    let next = try parser.kind(end)
                    if next == .dot {
                        _ = try parser.kind(end + 1)  // looks for a NAME, which cannot be here
                        break
                    }
                    guard next == .open else { break }
                    _ = try parser.genexp(end)  // never matches (no `for`), but parses inside
                    let arguments = try parser.arguments(end + 1)
                    let close = arguments?.end ?? end + 1
                    guard try parser.kind(close) == .close else { break }
                    node = .call(node, arguments?.argument ?? .none)
                    end = close + 1
                }
                return (node, end)
            }
        }

        mutating func atom(_ p: Int) throws(SyntaxFailure) -> Result? {
            let token = tokens[min(p, tokens.count - 1)]
            switch try kind(p) {
            case .number: return (try Self.number(token.text), p + 1)
            case .ellipsis: return (.ellipsis, p + 1)
            case .open:
                if let tuple = try tuple(p) { return tuple }
                if let group = try group(p) { return group }
                _ = try genexp(p)
                return nil
            default: return nil
            }
        }

        static func number(_ text: ArraySlice<UInt8>) throws(SyntaxFailure) -> Node {
            if text.contains(UInt8(ascii: ".")) {
                // `1.` and `.5` are Python floats; Swift's reader wants digits on both sides.
                var literal = String(decoding: text, as: UTF8.self)
                if literal.hasPrefix(".") { literal = "0" + literal }
                if literal.hasSuffix(".") { literal += "0" }
                return .float(Double(literal) ?? .nan)
            }
            if text.count > 4300 {
                throw .syntax("Exceeds the limit (4300 digits) for integer string conversion: value has \(text.count) digits; "
                    + "use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer "
                    + "literals to avoid decimal conversion limits.")
            }
            return .int(BigInt(digits: text))
        }

        /// `'(' [star_named_expression ',' ...] ')'`: only `()` for want of commas.
        mutating func tuple(_ p: Int) throws(SyntaxFailure) -> Result? {
            _ = try starNamedExpression(p + 1)
            return try kind(p + 1) == .close ? (.emptyTuple, p + 2) : nil
        }

        mutating func group(_ p: Int) throws(SyntaxFailure) -> Result? {
            if let (inner, end) = try namedExpression(p + 1), try kind(end) == .close { return (inner, end + 1) }
            guard invalidRules else { return nil }
            if let starred = try starredExpression(p + 1), try kind(starred.end) == .close {
                throw .syntax("cannot use starred expression here")
            }
            if try kind(p + 1) == .doubleStar, let inner = try expression(p + 2), try kind(inner.end) == .close {
                throw .syntax("cannot use double starred expression here")
            }
            return nil
        }

        /// A generator expression needs `for`, which cannot appear; only its side effects count.
        mutating func genexp(_ p: Int) throws(SyntaxFailure) -> Result? {
            if let inner = try expression(p + 1) { _ = try kind(inner.end) }
            if invalidRules, let starred = try starredExpression(p + 1) { _ = try kind(starred.end) }
            return nil
        }

        mutating func namedExpression(_ p: Int) throws(SyntaxFailure) -> Result? {
            if invalidRules {
                // `invalid_named_expression`: every branch needs `=` or `:=`; only the parsing
                // it does on the way can raise.
                _ = try expression(p)
                if try kind(p) == .open, try tuple(p) == nil { _ = try genexp(p) }
                _ = try disjunction(p)
            }
            return try expression(p)
        }

        mutating func starredExpression(_ p: Int) throws(SyntaxFailure) -> Result? {
            guard try kind(p) == .star else { return nil }
            return try expression(p + 1)
        }

        mutating func starNamedExpression(_ p: Int) throws(SyntaxFailure) -> Result? {
            if try kind(p) == .star { return try disjunction(p + 1) }
            return try namedExpression(p)
        }

        /// A call's arguments: one at most for want of commas, plain, `*x` or `**x`, followed
        /// by `)`.
        mutating func arguments(_ p: Int) throws(SyntaxFailure) -> (argument: Node.Argument, end: Int)? {
            if let known = argumentMemo[p] { return known }
            var result: (argument: Node.Argument, end: Int)?
            if let starred = try starredExpression(p) {
                if try kind(starred.end) == .close { result = (.star(starred.node), starred.end) }
            } else if let plain = try expression(p) {
                if try kind(plain.end) == .close { result = (.positional(plain.node), plain.end) }
            } else if try kind(p) == .doubleStar, let inner = try expression(p + 1) {
                if try kind(inner.end) == .close { result = (.doubleStar(inner.node), inner.end) }
            }
            argumentMemo[p] = .some(result)
            return result
        }
    }
}
