import Foundation

extension Calculate {
    /// What a parsed expression can evaluate to: Python's int, float and complex (negative
    /// numbers to fractional powers), the empty tuple, and `Ellipsis`.
    enum Value {
        case int(BigInt)
        case float(Double)
        case complex(Double, Double)
        case tuple
        case ellipsis

        var typeName: String {
            switch self {
            case .int: "int"
            case .float: "float"
            case .complex: "complex"
            case .tuple: "tuple"
            case .ellipsis: "ellipsis"
            }
        }
    }

    /// A Python exception raised while evaluating; `text` is its `str()`.
    struct EvaluationError: Error {
        var text: String
        init(_ text: String) { self.text = text }

        static let intTooLarge = EvaluationError("int too large to convert to float")
        static let outOfRange = EvaluationError("(34, 'Numerical result out of range')")
    }

    static func evaluate(_ node: Node) throws(EvaluationError) -> Value {
        switch node {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .ellipsis: return .ellipsis
        case .emptyTuple: return .tuple
        case .unary(let op, let operand): return try unary(op, evaluate(operand))
        case .binary(let op, let a, let b):
            let left = try evaluate(a)
            return try binary(op, left, evaluate(b))
        case .call(let callee, let argument):
            let function = try evaluate(callee)
            switch argument {
            case .none: break
            case .positional(let x): _ = try evaluate(x)
            case .star(let x):
                let value = try evaluate(x)
                if case .tuple = value { break }
                throw EvaluationError("\(try text(of: function)) argument after * must be an iterable, not \(value.typeName)")
            case .doubleStar(let x):
                let value = try evaluate(x)
                throw EvaluationError("\(try text(of: function)) argument after ** must be a mapping, not \(value.typeName)")
            }
            throw EvaluationError("'\(function.typeName)' object is not callable")
        }
    }

    /// `float(value)`.
    static func float(_ value: Value) throws(EvaluationError) -> Double {
        switch value {
        case .int(let i): return try double(i)
        case .float(let d): return d
        default: throw EvaluationError("float() argument must be a string or a real number, not '\(value.typeName)'")
        }
    }

    /// `str(value)`.
    static func text(of value: Value) throws(EvaluationError) -> String {
        switch value {
        case .int(let i):
            let digits = i.description
            guard digits.utf8.count - (i.negative ? 1 : 0) <= 4300 else {
                throw EvaluationError("Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")
            }
            return digits
        case .float(let d): return PyText.floatRepr(d)
        case .complex(let re, let im):
            // `repr(complex)`: parts without a forced `.0`, no parentheses when the real part is +0.
            func part(_ x: Double) -> String {
                let r = PyText.floatRepr(x)
                return r.hasSuffix(".0") ? String(r.dropLast(2)) : r
            }
            let imaginary = part(im)
            if re == 0 && re.sign == .plus { return imaginary + "j" }
            return "(" + part(re) + (imaginary.hasPrefix("-") ? "" : "+") + imaginary + "j)"
        case .tuple: return "()"
        case .ellipsis: return "Ellipsis"
        }
    }

    static func double(_ i: BigInt) throws(EvaluationError) -> Double {
        guard let d = i.doubleValue else { throw .intTooLarge }
        return d
    }

    static func integer(_ result: () throws(BigInt.TooLarge) -> BigInt) throws(EvaluationError) -> Value {
        do { return .int(try result()) } catch { throw .intTooLarge }
    }

    // MARK: Operators

    static func symbol(_ op: Token.Kind) -> String {
        switch op {
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .doubleSlash: "//"
        default: "** or pow()"
        }
    }

    static func unary(_ op: Token.Kind, _ x: Value) throws(EvaluationError) -> Value {
        let negate = op == .minus
        switch x {
        case .int(let i): return .int(negate ? -i : i)
        case .float(let d): return .float(negate ? -d : d)
        case .complex(let re, let im): return negate ? .complex(-re, -im) : .complex(re, im)
        default: throw EvaluationError("bad operand type for unary \(negate ? "-" : "+"): '\(x.typeName)'")
        }
    }

    static func binary(_ op: Token.Kind, _ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        let unsupported = EvaluationError("unsupported operand type(s) for \(symbol(op)): '\(a.typeName)' and '\(b.typeName)'")
        switch (a, b) {
        case (.tuple, _) where op == .plus:
            if case .tuple = b { return .tuple }
            throw EvaluationError("can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        case (.tuple, _) where op == .star: return try repeatTuple(by: b)
        case (_, .tuple) where op == .star: return try repeatTuple(by: a)
        case (.int(let x), .int(let y)): return try integerOperation(op, x, y)
        case (.complex, _), (_, .complex):
            guard isNumber(a), isNumber(b), op != .doubleSlash else { throw unsupported }
            return try complexOperation(op, complexParts(a), complexParts(b))
        case (.float, .float), (.float, .int), (.int, .float):
            let x = try realValue(a), y = try realValue(b)
            return try floatOperation(op, x, y)
        default:
            throw unsupported
        }
    }

    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .float, .complex: true
        default: false
        }
    }

    static func realValue(_ v: Value) throws(EvaluationError) -> Double {
        switch v {
        case .int(let i): return try double(i)
        case .float(let d): return d
        default: return .nan
        }
    }

    static func complexParts(_ v: Value) throws(EvaluationError) -> (Double, Double) {
        if case .complex(let re, let im) = v { return (re, im) }
        return (try realValue(v), 0)
    }

    /// `() * n`: still `()`, provided `n` is an int that fits a machine word.
    static func repeatTuple(by count: Value) throws(EvaluationError) -> Value {
        guard case .int(let n) = count else {
            throw EvaluationError("can't multiply sequence by non-int of type '\(count.typeName)'")
        }
        guard n.intValue != nil || n == -BigInt(negative: false, magnitude: [0, 0x8000_0000]) else {
            throw EvaluationError("cannot fit 'int' into an index-sized integer")
        }
        return .tuple
    }

    static func integerOperation(_ op: Token.Kind, _ x: BigInt, _ y: BigInt) throws(EvaluationError) -> Value {
        switch op {
        case .plus: return .int(x + y)
        case .minus: return .int(x - y)
        case .star: return try integer { () throws(BigInt.TooLarge) in try BigInt.multiply(x, y) }
        case .slash:
            guard !y.isZero else { throw EvaluationError("division by zero") }
            guard let q = BigInt.trueDivide(x, y) else { throw EvaluationError("integer division result too large for a float") }
            return .float(q)
        case .doubleSlash:
            guard let q = BigInt.floorDivide(x, y) else { throw EvaluationError("integer division or modulo by zero") }
            return .int(q)
        default:
            // A negative exponent makes it a float power.
            if y.negative { return try floatOperation(op, double(x), double(y)) }
            return try integer { () throws(BigInt.TooLarge) in try BigInt.power(x, y) }
        }
    }

    static func floatOperation(_ op: Token.Kind, _ x: Double, _ y: Double) throws(EvaluationError) -> Value {
        switch op {
        case .plus: return .float(x + y)
        case .minus: return .float(x - y)
        case .star: return .float(x * y)
        case .slash:
            guard y != 0 else { throw EvaluationError("float division by zero") }
            return .float(x / y)
        case .doubleSlash:
            guard y != 0 else { throw EvaluationError("float floor division by zero") }
            return .float(floorDivide(x, y))
        default:
            return try floatPower(x, y)
        }
    }

    /// CPython's float floor division: from `fmod`, snapped to the nearest integral value.
    static func floorDivide(_ x: Double, _ y: Double) -> Double {
        var mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 {
            if (y < 0) != (mod < 0) {
                mod += y
                div -= 1
            }
        }
        guard div != 0 else { return copysign(0, x / y) }
        var floored = floor(div)
        if div - floored > 0.5 { floored += 1 }
        return floored
    }

    static func isOddInteger(_ x: Double) -> Bool { fmod(abs(x), 2) == 1 }

    /// CPython's `float.__pow__`: its special cases first, then the C library's `pow`, with
    /// a negative base to a fractional power going complex.
    static func floatPower(_ base: Double, _ exponent: Double) throws(EvaluationError) -> Value {
        var x = base
        let y = exponent
        if y == 0 { return .float(1) }
        if x.isNaN { return .float(x) }
        if y.isNaN { return .float(x == 1 ? 1 : y) }
        if y.isInfinite {
            let magnitude = abs(x)
            if magnitude == 1 { return .float(1) }
            return .float((y > 0) == (magnitude > 1) ? abs(y) : 0)
        }
        if x.isInfinite {
            let odd = isOddInteger(y)
            if y > 0 { return .float(odd ? x : abs(x)) }
            return .float(odd ? copysign(0, x) : 0)
        }
        if x == 0 {
            if y < 0 { throw EvaluationError("0.0 cannot be raised to a negative power") }
            return .float(isOddInteger(y) ? x : 0)
        }
        var negateResult = false
        if x < 0 {
            if y != floor(y) { return try complexOperation(.doubleStar, (x, 0), (y, 0)) }
            x = -x
            negateResult = isOddInteger(y)
        }
        if x == 1 { return .float(negateResult ? -1 : 1) }
        errno = 0
        var result = pow(x, y)
        var error = errno
        if error == 0 && result.isInfinite { error = ERANGE } else if error == ERANGE && result == 0 { error = 0 }
        if negateResult { result = -result }
        if error != 0 { throw error == ERANGE ? .outOfRange : EvaluationError("[Errno \(error)] \(String(cString: strerror(error)))") }
        return .float(result)
    }

    // MARK: Complex numbers

    typealias Complex = (re: Double, im: Double)

    static func complexOperation(_ op: Token.Kind, _ a: Complex, _ b: Complex) throws(EvaluationError) -> Value {
        switch op {
        case .plus: return .complex(a.re + b.re, a.im + b.im)
        case .minus: return .complex(a.re - b.re, a.im - b.im)
        case .star:
            let p = product(a, b)
            return .complex(p.re, p.im)
        case .slash:
            guard let q = quotient(a, b) else { throw EvaluationError("complex division by zero") }
            return .complex(q.re, q.im)
        default:
            return try complexPower(a, b)
        }
    }

    static func product(_ a: Complex, _ b: Complex) -> Complex {
        (a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }

    /// Smith's division, as CPython 3.11 does it; nil for a zero divisor.
    static func quotient(_ a: Complex, _ b: Complex) -> Complex? {
        let absRe = abs(b.re), absIm = abs(b.im)
        if absRe >= absIm {
            guard absRe != 0 else { return nil }
            let ratio = b.im / b.re
            let denominator = b.re + b.im * ratio
            return ((a.re + a.im * ratio) / denominator, (a.im - a.re * ratio) / denominator)
        }
        if absIm >= absRe {
            let ratio = b.re / b.im
            let denominator = b.re * ratio + b.im
            return ((a.re * ratio + a.im) / denominator, (a.im * ratio - a.re) / denominator)
        }
        return (.nan, .nan)
    }

    static func complexPower(_ a: Complex, _ b: Complex) throws(EvaluationError) -> Value {
        errno = 0
        var domainError = false
        var p: Complex
        if b.im == 0, b.re == floor(b.re), abs(b.re) <= 100 {
            // Small integral exponents: repeated squaring.
            let n = Int(b.re)
            var r: Complex = (1, 0), square = a, rest = n.magnitude
            while rest > 0 {
                if rest & 1 == 1 { r = product(r, square) }
                rest >>= 1
                square = product(square, square)
            }
            if n < 0 {
                if let q = quotient((1, 0), r) { p = q } else { p = (0, 0); domainError = true }
            } else {
                p = r
            }
        } else if b.re == 0 && b.im == 0 {
            p = (1, 0)
        } else if a.re == 0 && a.im == 0 {
            if b.im != 0 || b.re < 0 { domainError = true }
            p = (0, 0)
        } else {
            let magnitude = hypot(a.re, a.im)
            var length = pow(magnitude, b.re)
            let angle = atan2(a.im, a.re)
            var phase = angle * b.re
            if b.im != 0 {
                length /= exp(angle * b.im)
                phase += b.im * log(magnitude)
            }
            p = (length * cos(phase), length * sin(phase))
        }
        var error = domainError ? EDOM : errno
        if p.re.isInfinite || p.im.isInfinite {
            if error == 0 { error = ERANGE }
        } else if error == ERANGE {
            error = 0
        }
        if error == EDOM { throw EvaluationError("0.0 to a negative or complex power") }
        if error == ERANGE { throw EvaluationError("complex exponentiation") }
        return .complex(p.re, p.im)
    }
}
