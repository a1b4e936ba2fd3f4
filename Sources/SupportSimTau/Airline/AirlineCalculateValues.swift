import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Airline.Calculate {
    /// What a Python expression over digits, `.`, `+ - * / ( )` and spaces can evaluate to:
    /// ints (unbounded), floats, complex numbers (a negative number to a fractional power),
    /// the empty tuple `()` and `...` (Ellipsis). Failures carry Python's exception text.
    enum Value {
        case int(Airline.BigInt)
        case float(Double)
        case complex(Double, Double)
        case tuple
        case ellipsis

        var typeName: String {
            switch self {
            case .int: return "int"
            case .float: return "float"
            case .complex: return "complex"
            case .tuple: return "tuple"
            case .ellipsis: return "ellipsis"
            }
        }

        /// Python's `str(value)`.
        var text: String {
            switch self {
            case .int(let i): return i.description
            case .float(let d): return PyText.floatRepr(d)
            case .complex(let re, let im):
                let imText = Value.complexPart(im) + "j"
                if re == 0 && re.sign == .plus { return imText }
                return "(" + Value.complexPart(re) + (imText.hasPrefix("-") ? "" : "+") + imText + ")"
            case .tuple: return "()"
            case .ellipsis: return "Ellipsis"
            }
        }

        /// A complex number's part as `repr` writes it: shortest digits, no `.0` on integers.
        private static func complexPart(_ d: Double) -> String {
            let r = PyText.floatRepr(d)
            return r.hasSuffix(".0") ? String(r.dropLast(2)) : r
        }
    }

    enum Operator: String {
        case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", power = "**"

        /// The operator as CPython's "unsupported operand type(s)" message names it.
        var messageSymbol: String { self == .power ? "** or pow()" : rawValue }
    }

    static let tooLargeForFloat = TauToolError("int too large to convert to float")

    static func toDouble(_ v: Value) throws(TauToolError) -> Double? {
        switch v {
        case .int(let i):
            guard let d = i.doubleValue else { throw tooLargeForFloat }
            return d
        case .float(let d): return d
        default: return nil
        }
    }

    /// Python's `float(value)`.
    static func float(_ v: Value) throws(TauToolError) -> Double {
        if let d = try toDouble(v) { return d }
        throw TauToolError("float() argument must be a string or a real number, not '\(v.typeName)'")
    }

    static func unary(_ negate: Bool, _ v: Value) throws(TauToolError) -> Value {
        switch v {
        case .int(let i): return .int(negate ? -i : i)
        case .float(let d): return .float(negate ? -d : d)
        case .complex(let re, let im): return negate ? .complex(-re, -im) : v
        default: throw TauToolError("bad operand type for unary \(negate ? "-" : "+"): '\(v.typeName)'")
        }
    }

    static func binary(_ a: Value, _ op: Operator, _ b: Value) throws(TauToolError) -> Value {
        let unsupported = TauToolError("unsupported operand type(s) for \(op.messageSymbol): '\(a.typeName)' and '\(b.typeName)'")
        switch (a, b) {
        case (.int(let x), .int(let y)): return try intOperation(x, op, y)
        case (.int, .float), (.float, .int), (.float, .float):
            return try floatOperation(try toDouble(a)!, op, try toDouble(b)!)
        case (.complex, .int), (.complex, .float), (.complex, .complex), (.int, .complex), (.float, .complex):
            guard op != .floorDivide else { throw unsupported }
            return try complexOperation(try complexParts(a), op, try complexParts(b))
        case (.tuple, .tuple) where op == .add: return .tuple
        case (.tuple, _) where op == .add:
            throw TauToolError("can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        case (.tuple, _) where op == .multiply: return try repeatTuple(b)
        case (_, .tuple) where op == .multiply: return try repeatTuple(a)
        default: throw unsupported
        }
    }

    private static func repeatTuple(_ count: Value) throws(TauToolError) -> Value {
        guard case .int(let n) = count else {
            throw TauToolError("can't multiply sequence by non-int of type '\(count.typeName)'")
        }
        guard n.intValue != nil else { throw TauToolError("cannot fit 'int' into an index-sized integer") }
        return .tuple
    }

    private static func complexParts(_ v: Value) throws(TauToolError) -> (Double, Double) {
        if case .complex(let re, let im) = v { return (re, im) }
        return (try toDouble(v)!, 0)
    }

    private static func intOperation(_ x: Airline.BigInt, _ op: Operator, _ y: Airline.BigInt) throws(TauToolError) -> Value {
        func capped(_ r: Airline.BigInt) throws(TauToolError) -> Value {
            guard r.bitWidth <= Airline.BigInt.maxBits else { throw tooLargeForFloat }
            return .int(r)
        }
        switch op {
        case .add: return try capped(x + y)
        case .subtract: return try capped(x - y)
        case .multiply: return try capped(x * y)
        case .divide:
            if y.isZero { throw TauToolError("division by zero") }
            guard let d = Airline.BigInt.trueDivide(x, y) else {
                throw TauToolError("integer division result too large for a float")
            }
            return .float(d)
        case .floorDivide:
            if y.isZero { throw TauToolError("integer division or modulo by zero") }
            return .int(Airline.BigInt.floorDivide(x, y).quotient)
        case .power:
            if y.negative {
                // A negative exponent makes it float arithmetic, both sides converted first.
                return try floatOperation(try float(.int(x)), .power, try float(.int(y)))
            }
            guard let r = x.power(y) else { throw tooLargeForFloat }
            return .int(r)
        }
    }

    private static func floatOperation(_ x: Double, _ op: Operator, _ y: Double) throws(TauToolError) -> Value {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide:
            if y == 0 { throw TauToolError("float division by zero") }
            return .float(x / y)
        case .floorDivide:
            if y == 0 { throw TauToolError("float floor division by zero") }
            return .float(floorQuotient(x, y))
        case .power:
            return try floatPower(x, y)
        }
    }

    /// Python's float `//`: from the C remainder, corrected to the divisor's sign, the quotient
    /// snapped to the nearest integer, a zero quotient signed as the true quotient.
    static func floorQuotient(_ x: Double, _ y: Double) -> Double {
        var remainder = fmod(x, y)
        var quotient = (x - remainder) / y
        if remainder != 0 {
            if (y < 0) != (remainder < 0) {
                remainder += y
                quotient -= 1
            }
        }
        guard quotient != 0 else { return Double(signOf: x / y, magnitudeOf: 0) }
        var floored = quotient.rounded(.down)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }

    private static func isOddInteger(_ d: Double) -> Bool {
        d.isFinite && d.rounded(.towardZero) == d && fmod(d, 2).magnitude == 1
    }

    /// Python's float `**`: its special cases, a complex result for a negative base and a
    /// fractional exponent, otherwise the C library's `pow` with its range error.
    static func floatPower(_ x: Double, _ y: Double) throws(TauToolError) -> Value {
        if y == 0 { return .float(1) }
        if x.isNaN { return .float(x) }
        if y.isNaN { return .float(x == 1 ? 1 : y) }
        if y.isInfinite {
            let m = x.magnitude
            if m == 1 { return .float(1) }
            return .float((y > 0) == (m > 1) ? .infinity : 0)
        }
        if x.isInfinite {
            let odd = isOddInteger(y)
            if y > 0 { return .float(odd ? x : x.magnitude) }
            return .float(odd ? Double(signOf: x, magnitudeOf: 0) : 0)
        }
        if x == 0 {
            if y < 0 { throw TauToolError("0.0 cannot be raised to a negative power") }
            return .float(isOddInteger(y) ? x : 0)
        }
        var base = x
        var negateResult = false
        if base < 0 {
            if y != y.rounded(.down) { return try complexOperation((x, 0), .power, (y, 0)) }
            base = -base
            negateResult = isOddInteger(y)
        }
        if base == 1 { return .float(negateResult ? -1 : 1) }
        let (result, rangeError) = libmPower(base, y)
        if rangeError { throw TauToolError("(34, 'Numerical result out of range')") }
        return .float(negateResult ? -result : result)
    }

    /// `pow` from the C library, with a range error as CPython judges it: an infinite result,
    /// or ERANGE on a result that is not zero.
    private static func libmPower(_ x: Double, _ y: Double) -> (Double, Bool) {
        #if canImport(Glibc)
        errno = 0
        let r = Glibc.pow(x, y)
        let e = errno
        if e == 0 { return (r, r.isInfinite) }
        return (r, !(e == ERANGE && r == 0))
        #else
        let r = Foundation.pow(x, y)
        return (r, r.isInfinite)
        #endif
    }

    // MARK: Complex numbers

    private typealias Complex = (re: Double, im: Double)

    private static func complexOperation(_ a: (Double, Double), _ op: Operator, _ b: (Double, Double)) throws(TauToolError) -> Value {
        let x: Complex = a, y: Complex = b
        switch op {
        case .add: return .complex(x.re + y.re, x.im + y.im)
        case .subtract: return .complex(x.re - y.re, x.im - y.im)
        case .multiply: let p = product(x, y); return .complex(p.re, p.im)
        case .divide:
            guard let q = quotient(x, y) else { throw TauToolError("complex division by zero") }
            return .complex(q.re, q.im)
        case .floorDivide:
            throw TauToolError("unsupported operand type(s) for //: 'complex' and 'complex'")
        case .power:
            let (p, domain, range) = power(x, y)
            if domain { throw TauToolError("0.0 to a negative or complex power") }
            if range { throw TauToolError("complex exponentiation") }
            return .complex(p.re, p.im)
        }
    }

    private static func product(_ a: Complex, _ b: Complex) -> Complex {
        (a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }

    /// Division scaled by the larger part of the divisor; nil for a zero divisor.
    private static func quotient(_ a: Complex, _ b: Complex) -> Complex? {
        let absRe = b.re.magnitude, absIm = b.im.magnitude
        if absRe >= absIm {
            if absRe == 0 { return nil }
            let ratio = b.im / b.re, denominator = b.re + b.im * ratio
            return ((a.re + a.im * ratio) / denominator, (a.im - a.re * ratio) / denominator)
        } else if absIm >= absRe {
            let ratio = b.re / b.im, denominator = b.re * ratio + b.im
            return ((a.re * ratio + a.im) / denominator, (a.im * ratio - a.re) / denominator)
        }
        return (.nan, .nan)
    }

    /// Complex power: by repeated squaring for a small integral exponent, else in polar form.
    private static func power(_ a: Complex, _ b: Complex) -> (Complex, domain: Bool, range: Bool) {
        var result: Complex
        var domain = false
        if b.im == 0 && b.re == b.re.rounded(.down) && b.re.magnitude <= 100 {
            let n = Int(b.re)
            var r: Complex = (1, 0), p = a, k = n.magnitude
            while k > 0 {
                if k & 1 == 1 { r = product(r, p) }
                k >>= 1
                p = product(p, p)
            }
            if n < 0 {
                if let q = quotient((1, 0), r) { result = q } else { result = (0, 0); domain = true }
            } else {
                result = r
            }
        } else if a.re == 0 && a.im == 0 {
            domain = b.im != 0 || b.re < 0
            result = (0, 0)
        } else {
            let modulus = hypot(a.re, a.im)
            var length = Foundation.pow(modulus, b.re)
            let angle = atan2(a.im, a.re)
            var phase = angle * b.re
            if b.im != 0 {
                length /= exp(angle * b.im)
                phase += b.im * log(modulus)
            }
            result = (length * cos(phase), length * sin(phase))
        }
        let range = result.re.isInfinite || result.im.isInfinite
        return (result, domain, range && !domain)
    }
}
