import Foundation

extension Airline {
    /// Evaluates an arithmetic expression as upstream does with Python's `eval`, restricted to the
    /// characters `0123456789+-*/(). `, and answers `str(round(float(result), 2))`.
    ///
    /// So this is Python arithmetic: ints are exact and unbounded, `/` is true division, `//`
    /// floors, `**` is power, `2(3)` is a call of an int; a failure is Python's own message
    /// (`division by zero`, `invalid syntax (<string>, line 1)`, `'(' was never closed ...`).
    /// Syntax errors follow CPython 3.11's parser for this alphabet: tokenizer errors first, an
    /// unclosed parenthesis when the parser reaches the end, then its second pass's "Perhaps you
    /// forgot a comma?" and starred-expression messages, else plain "invalid syntax".
    struct Calculate: TauTool {
        let name = "calculate"
        let className = "Calculate"
        let parameters = [PyParameter("expression")]

        static let allowed = "0123456789+-*/(). "

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let expression = arguments[0]
            for character in try Py.iterate(expression) where !(try Py.contains(.string(Self.allowed), character)) {
                throw TauToolError("invalid characters in expression")
            }
            guard case .string(let text) = expression else {
                throw TauToolError("eval() arg 1 must be a string, bytes or code object")
            }
            let value = try Self.evaluate(text)
            return PyText.floatRepr(PyText.round(try Self.float(value), 2))
        }

        /// Python's `eval(text)` for the allowed alphabet.
        static func evaluate(_ text: String) throws(TauToolError) -> Value {
            let (tokens, level) = try tokenize(text)
            if tokens.count == 1 { throw TauToolError("invalid syntax (<string>, line 0)") }
            var parser = Parser(tokens: tokens, finalLevel: level, secondPass: false)
            if let tree = try parser.parse() {
                if tree.depth > maxDepth { throw TauToolError("maximum recursion depth exceeded during compilation") }
                return try evaluate(tree.node)
            }
            parser = Parser(tokens: tokens, finalLevel: level, secondPass: true)
            _ = try parser.parse()
            throw syntaxError("invalid syntax")
        }

        /// The deepest expression CPython compiles at tau-bench's call depth (approximately:
        /// its limit depends on the interpreter's recursion limit and current depth).
        static let maxDepth = 2991

        static func syntaxError(_ message: String) -> TauToolError {
            TauToolError("\(message) (<string>, line 1)")
        }

        // MARK: Syntax

        indirect enum Node {
            case constant(Value)
            case unary(negate: Bool, Node)
            case binary(Node, Operator, Node)
            case call(Node, Argument?)
        }

        enum Argument {
            case plain(Node), star(Node), doubleStar(Node)

            var node: Node {
                switch self {
                case .plain(let n), .star(let n), .doubleStar(let n): return n
                }
            }
        }

        struct Parsed {
            var node: Node
            var depth: Int
        }

        /// A backtracking parser for Python's expression grammar on these tokens. The second pass
        /// mirrors CPython's error pass: inside parentheses, an expression directly followed by
        /// another is "Perhaps you forgot a comma?", and `(*x)` / `(**x)` are starred-expression
        /// errors. In either pass, looking at the end while a parenthesis is open is the
        /// "was never closed" error, as CPython's tokenizer raises it when the parser asks.
        struct Parser {
            let tokens: [Token]
            let finalLevel: Int
            let secondPass: Bool
            var invalidRules: Bool
            var pos = 0

            init(tokens: [Token], finalLevel: Int, secondPass: Bool) {
                self.tokens = tokens
                self.finalLevel = finalLevel
                self.secondPass = secondPass
                self.invalidRules = secondPass
            }

            mutating func parse() throws(TauToolError) -> Parsed? {
                pos = 0
                guard let tree = try expression(), try kind(pos) == .end else { return nil }
                return tree
            }

            func kind(_ i: Int) throws(TauToolError) -> Kind {
                let k = tokens[i].kind
                if k == .end && finalLevel > 0 { throw syntaxError("'(' was never closed") }
                return k
            }

            mutating func expression() throws(TauToolError) -> Parsed? {
                let start = pos
                if invalidRules {
                    if try sum() != nil {
                        invalidRules = false
                        let second = try sum()
                        invalidRules = true
                        if second != nil && tokens[pos - 1].level != 0 {
                            throw syntaxError("invalid syntax. Perhaps you forgot a comma?")
                        }
                    }
                    pos = start
                }
                return try sum()
            }

            mutating func sum() throws(TauToolError) -> Parsed? {
                guard var left = try term() else { return nil }
                while true {
                    let save = pos
                    let op: Operator
                    switch try kind(pos) {
                    case .plus: op = .add
                    case .minus: op = .subtract
                    default: return left
                    }
                    pos += 1
                    guard let right = try term() else {
                        pos = save
                        return left
                    }
                    left = Parsed(node: .binary(left.node, op, right.node), depth: 1 + max(left.depth, right.depth))
                }
            }

            mutating func term() throws(TauToolError) -> Parsed? {
                guard var left = try factor() else { return nil }
                while true {
                    let save = pos
                    let op: Operator
                    switch try kind(pos) {
                    case .star: op = .multiply
                    case .slash: op = .divide
                    case .doubleSlash: op = .floorDivide
                    default: return left
                    }
                    pos += 1
                    guard let right = try factor() else {
                        pos = save
                        return left
                    }
                    left = Parsed(node: .binary(left.node, op, right.node), depth: 1 + max(left.depth, right.depth))
                }
            }

            /// Leading `+` / `-` signs (read in a loop, not by recursion), then a power.
            mutating func signs() throws(TauToolError) -> [Bool] {
                var out: [Bool] = []
                while true {
                    switch try kind(pos) {
                    case .plus: out.append(false)
                    case .minus: out.append(true)
                    default: return out
                    }
                    pos += 1
                }
            }

            static func applying(_ signs: [Bool], to p: Parsed) -> Parsed {
                var result = p
                for negate in signs.reversed() {
                    result = Parsed(node: .unary(negate: negate, result.node), depth: result.depth + 1)
                }
                return result
            }

            mutating func factor() throws(TauToolError) -> Parsed? {
                let start = pos
                let leading = try signs()
                guard let p = try power() else {
                    pos = start
                    return nil
                }
                return Self.applying(leading, to: p)
            }

            /// `primary ** signs primary ** ...`, right-associative, read in a loop.
            mutating func power() throws(TauToolError) -> Parsed? {
                guard let first = try primary() else { return nil }
                var chain: [(signs: [Bool], operand: Parsed)] = [([], first)]
                while try kind(pos) == .doubleStar {
                    let save = pos
                    pos += 1
                    let exponentSigns = try signs()
                    guard let operand = try primary() else {
                        pos = save
                        break
                    }
                    chain.append((exponentSigns, operand))
                }
                var result = Self.applying(chain[chain.count - 1].signs, to: chain[chain.count - 1].operand)
                for k in stride(from: chain.count - 2, through: 0, by: -1) {
                    let base = chain[k].operand
                    result = Parsed(node: .binary(base.node, .power, result.node), depth: 1 + max(base.depth, result.depth))
                    result = Self.applying(chain[k].signs, to: result)
                }
                return result
            }

            mutating func primary() throws(TauToolError) -> Parsed? {
                guard var result = try atom() else { return nil }
                while true {
                    switch try kind(pos) {
                    case .open:
                        let save = pos
                        pos += 1
                        var argument: Argument?
                        var depth = 0
                        switch try kind(pos) {
                        case .close: break
                        case .star, .doubleStar:
                            let star = try kind(pos) == .star
                            pos += 1
                            guard let e = try expression() else {
                                pos = save
                                return result
                            }
                            argument = star ? .star(e.node) : .doubleStar(e.node)
                            depth = e.depth
                        default:
                            guard let e = try expression() else {
                                pos = save
                                return result
                            }
                            argument = .plain(e.node)
                            depth = e.depth
                        }
                        guard try kind(pos) == .close else {
                            pos = save
                            return result
                        }
                        pos += 1
                        result = Parsed(node: .call(result.node, argument), depth: 1 + max(result.depth, depth))
                    case .dot:
                        // An attribute needs a name, which this alphabet cannot spell.
                        _ = try kind(pos + 1)
                        return result
                    default:
                        return result
                    }
                }
            }

            mutating func atom() throws(TauToolError) -> Parsed? {
                switch try kind(pos) {
                case .number(let isFloat, let text):
                    pos += 1
                    return Parsed(node: .constant(Calculate.literal(text, isFloat: isFloat)), depth: 1)
                case .ellipsis:
                    pos += 1
                    return Parsed(node: .constant(.ellipsis), depth: 1)
                case .open:
                    return try parenthesized()
                default:
                    return nil
                }
            }

            /// `()`, a group `(expression)`, or CPython's tuple / group / generator attempts
            /// failing (and, in the second pass, its `invalid_group` messages).
            mutating func parenthesized() throws(TauToolError) -> Parsed? {
                let open = pos
                pos += 1
                if try kind(pos) == .close {
                    pos += 1
                    return Parsed(node: .constant(.tuple), depth: 1)
                }
                if try kind(pos) == .star {
                    // A tuple's starred element: it parses, then the comma it needs is missing.
                    pos += 1
                    _ = try sum()
                    _ = try kind(pos)
                    pos = open + 1
                }
                if let e = try expression(), try kind(pos) == .close {
                    pos += 1
                    return e
                }
                pos = open + 1
                if invalidRules {
                    if try kind(pos) == .star {
                        pos += 1
                        if try expression() != nil, try kind(pos) == .close {
                            throw syntaxError("cannot use starred expression here")
                        }
                    } else if try kind(pos) == .doubleStar {
                        pos += 1
                        if try expression() != nil, try kind(pos) == .close {
                            throw syntaxError("cannot use double starred expression here")
                        }
                    }
                }
                pos = open
                return nil
            }
        }

        static func literal(_ text: Substring, isFloat: Bool) -> Value {
            guard isFloat else {
                let digits = text.drop { $0 == "0" }
                return .int(BigInt(decimal: digits))
            }
            var t = String(text)
            if t.hasPrefix(".") { t = "0" + t }
            if t.hasSuffix(".") { t += "0" }
            return .float(Double(t) ?? .infinity)
        }

        // MARK: Evaluation

        /// Python's evaluation order: operands left to right, then the operation; a call
        /// evaluates its callee and argument, then fails (nothing here is callable).
        static func evaluate(_ node: Node) throws(TauToolError) -> Value {
            switch node {
            case .constant(let v):
                return v
            case .unary(let negate, let operand):
                return try unary(negate, try evaluate(operand))
            case .binary(let l, let op, let r):
                let a = try evaluate(l)
                let b = try evaluate(r)
                return try binary(a, op, b)
            case .call(let f, let argument):
                let callee = try evaluate(f)
                let notCallable = TauToolError("'\(callee.typeName)' object is not callable")
                guard let argument else { throw notCallable }
                let value = try evaluate(argument.node)
                switch argument {
                case .plain: throw notCallable
                case .star:
                    if case .tuple = value { throw notCallable }
                    throw TauToolError("\(callee.text) argument after * must be an iterable, not \(value.typeName)")
                case .doubleStar:
                    throw TauToolError("\(callee.text) argument after ** must be a mapping, not \(value.typeName)")
                }
            }
        }
    }
}
