import Foundation

extension Calculate {
    /// An exact integer of any size, as a Python `int` is: a sign and a magnitude in 32-bit
    /// limbs, least significant first, with no leading zero limbs (zero has none).
    ///
    /// Only what `calculate` needs: sums, products, floor division, powers, and the correctly
    /// rounded conversions to a float that Python performs (`float(n)`, `n / m`).
    struct BigInt: Equatable, Sendable {
        typealias Magnitude = [UInt32]

        var negative: Bool
        var magnitude: Magnitude

        /// Results wider than this many bits are not computed; see `TooLarge`.
        static let maximumBits = 1 << 17

        /// A result beyond `maximumBits`. Python would go on computing it; the calculator
        /// answers as Python does once such a number reaches `float()`.
        struct TooLarge: Error {}

        init(_ value: Int) {
            negative = value < 0
            var m = value.magnitude
            magnitude = []
            while m > 0 {
                magnitude.append(UInt32(truncatingIfNeeded: m))
                m >>= 32
            }
        }

        init(negative: Bool, magnitude: Magnitude) {
            self.magnitude = Self.trimmed(magnitude)
            self.negative = negative && !self.magnitude.isEmpty
        }

        /// A run of ASCII digits, in decimal.
        init(digits: some Collection<UInt8>) {
            var m: Magnitude = []
            var chunk: UInt32 = 0, chunkDigits = 0
            for d in digits {
                chunk = chunk * 10 + UInt32(d - UInt8(ascii: "0"))
                chunkDigits += 1
                if chunkDigits == 9 {
                    m = Self.multiplyAdd(m, by: 1_000_000_000, adding: chunk)
                    chunk = 0
                    chunkDigits = 0
                }
            }
            if chunkDigits > 0 {
                var scale: UInt32 = 1
                for _ in 0..<chunkDigits { scale *= 10 }
                m = Self.multiplyAdd(m, by: scale, adding: chunk)
            }
            self.init(negative: false, magnitude: m)
        }

        var isZero: Bool { magnitude.isEmpty }
        var isOdd: Bool { (magnitude.first ?? 0) & 1 == 1 }
        var bitWidth: Int { Self.bitWidth(magnitude) }

        /// The value as an `Int`, when it fits.
        var intValue: Int? {
            guard bitWidth <= 63 else { return nil }
            var m: UInt64 = 0
            for limb in magnitude.reversed() { m = m << 32 | UInt64(limb) }
            return negative ? -Int(m) : Int(m)
        }

        static prefix func - (x: BigInt) -> BigInt { BigInt(negative: !x.negative, magnitude: x.magnitude) }

        static func + (a: BigInt, b: BigInt) -> BigInt {
            if a.negative == b.negative { return BigInt(negative: a.negative, magnitude: add(a.magnitude, b.magnitude)) }
            if compare(a.magnitude, b.magnitude) >= 0 {
                return BigInt(negative: a.negative, magnitude: subtract(a.magnitude, b.magnitude))
            }
            return BigInt(negative: b.negative, magnitude: subtract(b.magnitude, a.magnitude))
        }

        static func - (a: BigInt, b: BigInt) -> BigInt { a + -b }

        static func multiply(_ a: BigInt, _ b: BigInt) throws(TooLarge) -> BigInt {
            guard a.bitWidth + b.bitWidth <= maximumBits + 1 else { throw TooLarge() }
            return BigInt(negative: a.negative != b.negative, magnitude: multiply(a.magnitude, b.magnitude))
        }

        /// `a // b`, rounding toward negative infinity; nil when `b` is zero.
        static func floorDivide(_ a: BigInt, _ b: BigInt) -> BigInt? {
            guard !b.isZero else { return nil }
            let (q, r) = divide(a.magnitude, b.magnitude)
            var quotient = BigInt(negative: false, magnitude: q)
            if a.negative != b.negative {
                if !r.isEmpty { quotient = quotient + BigInt(1) }
                quotient = -quotient
            }
            return quotient
        }

        /// `base ** exponent` for a non-negative exponent.
        static func power(_ base: BigInt, _ exponent: BigInt) throws(TooLarge) -> BigInt {
            if exponent.isZero { return BigInt(1) }
            if base.isZero { return base }
            if base.magnitude == [1] { return base.negative && exponent.isOdd ? base : BigInt(1) }
            guard let e = exponent.intValue, case let (bits, overflow) = (base.bitWidth - 1).multipliedReportingOverflow(by: e),
                  !overflow, bits <= maximumBits
            else { throw TooLarge() }
            var result = BigInt(1), square = base, rest = e
            while true {
                if rest & 1 == 1 { result = try multiply(result, square) }
                rest >>= 1
                if rest == 0 { return result }
                square = try multiply(square, square)
            }
        }

        /// `float(n)`: the nearest double, ties to even; nil beyond the largest finite double.
        var doubleValue: Double? {
            guard let d = Self.nearestDouble(magnitude, exponent: 0, sticky: false) else { return nil }
            return negative ? -d : d
        }

        /// `a / b` (true division), correctly rounded as Python's is. Throws nothing; nil means
        /// the quotient is beyond the largest double. `b` must not be zero.
        static func trueDivide(_ a: BigInt, _ b: BigInt) -> Double? {
            let negative = a.negative != b.negative
            if a.isZero { return negative ? -0.0 : 0.0 }
            // Scale so the integer quotient has 55 or 56 bits: enough for 53 and a rounding bit;
            // the remainder decides the sticky bit.
            let shift = 55 - (a.bitWidth - b.bitWidth)
            let numerator = shift >= 0 ? shiftLeft(a.magnitude, shift) : a.magnitude
            let denominator = shift >= 0 ? b.magnitude : shiftLeft(b.magnitude, -shift)
            let (q, r) = divide(numerator, denominator)
            guard let d = nearestDouble(q, exponent: -shift, sticky: !r.isEmpty) else { return nil }
            return negative ? -d : d
        }

        /// Decimal digits, with a minus sign when negative.
        var description: String {
            if magnitude.isEmpty { return "0" }
            var chunks: [UInt32] = []
            var m = magnitude
            while !m.isEmpty {
                let (q, r) = Self.divideSmall(m, by: 1_000_000_000)
                chunks.append(r)
                m = q
            }
            var text = negative ? "-" : ""
            text += String(chunks.last!)
            for chunk in chunks.dropLast().reversed() {
                let digits = String(chunk)
                text += String(repeating: "0", count: 9 - digits.count) + digits
            }
            return text
        }

        // MARK: Magnitudes

        static func trimmed(_ m: Magnitude) -> Magnitude {
            var m = m
            while m.last == 0 { m.removeLast() }
            return m
        }

        static func bitWidth(_ m: Magnitude) -> Int {
            guard let top = m.last else { return 0 }
            return m.count * 32 - top.leadingZeroBitCount
        }

        static func compare(_ a: Magnitude, _ b: Magnitude) -> Int {
            if a.count != b.count { return a.count < b.count ? -1 : 1 }
            for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] {
                return a[i] < b[i] ? -1 : 1
            }
            return 0
        }

        static func add(_ a: Magnitude, _ b: Magnitude) -> Magnitude {
            var out = Magnitude(repeating: 0, count: max(a.count, b.count) + 1)
            var carry: UInt64 = 0
            for i in 0..<out.count - 1 {
                let s = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
                out[i] = UInt32(truncatingIfNeeded: s)
                carry = s >> 32
            }
            out[out.count - 1] = UInt32(carry)
            return trimmed(out)
        }

        /// `a - b` for `a >= b`.
        static func subtract(_ a: Magnitude, _ b: Magnitude) -> Magnitude {
            var out = a
            var borrow: Int64 = 0
            for i in 0..<a.count {
                var d = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
                borrow = d < 0 ? 1 : 0
                if d < 0 { d += 1 << 32 }
                out[i] = UInt32(d)
            }
            return trimmed(out)
        }

        static func multiply(_ a: Magnitude, _ b: Magnitude) -> Magnitude {
            guard !a.isEmpty, !b.isEmpty else { return [] }
            var out = Magnitude(repeating: 0, count: a.count + b.count)
            for i in 0..<a.count {
                var carry: UInt64 = 0
                let x = UInt64(a[i])
                for j in 0..<b.count {
                    let t = x * UInt64(b[j]) + UInt64(out[i + j]) + carry
                    out[i + j] = UInt32(truncatingIfNeeded: t)
                    carry = t >> 32
                }
                out[i + b.count] = UInt32(carry)
            }
            return trimmed(out)
        }

        static func multiplyAdd(_ a: Magnitude, by factor: UInt32, adding addend: UInt32) -> Magnitude {
            var out = Magnitude()
            out.reserveCapacity(a.count + 1)
            var carry = UInt64(addend)
            for limb in a {
                let t = UInt64(limb) * UInt64(factor) + carry
                out.append(UInt32(truncatingIfNeeded: t))
                carry = t >> 32
            }
            out.append(UInt32(carry))
            return trimmed(out)
        }

        static func divideSmall(_ a: Magnitude, by divisor: UInt32) -> (Magnitude, UInt32) {
            var q = Magnitude(repeating: 0, count: a.count)
            var r: UInt64 = 0
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                let current = r << 32 | UInt64(a[i])
                q[i] = UInt32(current / UInt64(divisor))
                r = current % UInt64(divisor)
            }
            return (trimmed(q), UInt32(r))
        }

        static func shiftLeft(_ a: Magnitude, _ bits: Int) -> Magnitude {
            guard !a.isEmpty, bits > 0 else { return a }
            let limbs = bits / 32, offset = bits % 32
            var out = Magnitude(repeating: 0, count: a.count + limbs + 1)
            for i in 0..<a.count {
                let wide = UInt64(a[i]) << offset
                out[i + limbs] |= UInt32(truncatingIfNeeded: wide)
                out[i + limbs + 1] |= UInt32(truncatingIfNeeded: wide >> 32)
            }
            return trimmed(out)
        }

        static func bit(_ a: Magnitude, _ index: Int) -> Bool {
            guard index >= 0, index / 32 < a.count else { return false }
            return a[index / 32] >> UInt32(index % 32) & 1 == 1
        }

        /// Whether any bit below `index` is set.
        static func anyBit(_ a: Magnitude, below index: Int) -> Bool {
            guard index > 0 else { return false }
            let whole = min(index / 32, a.count)
            if a[..<whole].contains(where: { $0 != 0 }) { return true }
            guard whole < a.count, index % 32 > 0 else { return false }
            return a[whole] & (UInt32(1) << UInt32(index % 32) - 1) != 0
        }

        /// Long division (Knuth's algorithm D): quotient and remainder of `u / v`, `v` nonzero.
        static func divide(_ u: Magnitude, _ v: Magnitude) -> (Magnitude, Magnitude) {
            if compare(u, v) < 0 { return ([], u) }
            if v.count == 1 {
                let (q, r) = divideSmall(u, by: v[0])
                return (q, r == 0 ? [] : [r])
            }
            let s = v.last!.leadingZeroBitCount
            let vn = shiftLeft(v, s)
            var un = shiftLeft(u, s)
            while un.count < u.count + 1 { un.append(0) }
            let n = v.count, m = u.count - n
            let base: UInt64 = 1 << 32
            var q = Magnitude(repeating: 0, count: m + 1)
            for j in stride(from: m, through: 0, by: -1) {
                let numerator = UInt64(un[j + n]) << 32 | UInt64(un[j + n - 1])
                var qhat = numerator / UInt64(vn[n - 1])
                var rhat = numerator % UInt64(vn[n - 1])
                while qhat >= base || qhat * UInt64(vn[n - 2]) > (rhat << 32 | UInt64(un[j + n - 2])) {
                    qhat -= 1
                    rhat += UInt64(vn[n - 1])
                    if rhat >= base { break }
                }
                var k: Int64 = 0
                for i in 0..<n {
                    let p = qhat * UInt64(vn[i])
                    let t = Int64(un[i + j]) - k - Int64(p & 0xFFFF_FFFF)
                    un[i + j] = UInt32(truncatingIfNeeded: t)
                    k = Int64(p >> 32) - (t >> 32)
                }
                let t = Int64(un[j + n]) - k
                un[j + n] = UInt32(truncatingIfNeeded: t)
                if t < 0 {
                    qhat -= 1
                    var carry: UInt64 = 0
                    for i in 0..<n {
                        let sum = UInt64(un[i + j]) + UInt64(vn[i]) + carry
                        un[i + j] = UInt32(truncatingIfNeeded: sum)
                        carry = sum >> 32
                    }
                    un[j + n] = UInt32(truncatingIfNeeded: UInt64(un[j + n]) + carry)
                }
                q[j] = UInt32(truncatingIfNeeded: qhat)
            }
            var r = Magnitude(repeating: 0, count: n)
            for i in 0..<n {
                let high = i + 1 < n ? UInt64(un[i + 1]) << 32 : 0
                r[i] = UInt32(truncatingIfNeeded: (high | UInt64(un[i])) >> UInt64(s))
            }
            return (trimmed(q), trimmed(r))
        }

        /// The double nearest to `m * 2^exponent` (plus a sliver when `sticky`), ties to even,
        /// subnormals included; nil when it rounds beyond the largest finite double.
        static func nearestDouble(_ m: Magnitude, exponent: Int, sticky: Bool) -> Double? {
            let width = bitWidth(m)
            guard width > 0 else { return 0 }
            let top = width - 1 + exponent
            guard top <= 1023 else { return nil }
            let precision = top >= -1022 ? 53 : 53 - (-1022 - top)
            let drop = width - precision
            var q: UInt64 = 0
            if drop <= 0 {
                for limb in m.reversed() { q = q << 32 | UInt64(limb) }
            } else {
                for i in stride(from: width - 1, through: drop, by: -1) { q = q << 1 | (bit(m, i) ? 1 : 0) }
                let half = bit(m, drop - 1)
                let below = sticky || anyBit(m, below: drop - 1)
                if half && (below || q & 1 == 1) { q += 1 }
            }
            let value = scalbn(Double(q), exponent + max(drop, 0))
            return value.isFinite ? value : nil
        }
    }
}
