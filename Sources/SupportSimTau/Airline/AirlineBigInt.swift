import Foundation

extension Airline {
    /// A signed integer without a 64-bit bound, for `calculate`: Python evaluates `2 ** 70` or a
    /// 30-digit literal exactly and only then converts to float (correctly rounded). Magnitude in
    /// 32-bit limbs, least significant first, no trailing zero limbs (zero is empty).
    ///
    /// Results are capped at `maxBits`; anything larger could never become a float, so the
    /// evaluator reports Python's eventual "int too large to convert to float" early.
    struct BigInt: Equatable, Sendable {
        var negative: Bool
        var limbs: [UInt32]

        static let maxBits = 1 << 15

        init(_ value: Int) {
            negative = value < 0
            var m = value.magnitude
            limbs = []
            while m > 0 {
                limbs.append(UInt32(truncatingIfNeeded: m))
                m >>= 32
            }
        }

        init(negative: Bool, limbs: [UInt32]) {
            var l = limbs
            while l.last == 0 { l.removeLast() }
            self.limbs = l
            self.negative = l.isEmpty ? false : negative
        }

        /// From ASCII decimal digits.
        init(decimal: Substring) {
            var value = BigInt(0)
            let ten9 = BigInt(1_000_000_000)
            var chunk = 0, chunkDigits = 0
            for c in decimal.utf8 {
                chunk = chunk * 10 + Int(c - UInt8(ascii: "0"))
                chunkDigits += 1
                if chunkDigits == 9 {
                    value = value * ten9 + BigInt(chunk)
                    chunk = 0
                    chunkDigits = 0
                }
            }
            if chunkDigits > 0 {
                var scale = 1
                for _ in 0..<chunkDigits { scale *= 10 }
                value = value * BigInt(scale) + BigInt(chunk)
            }
            self = value
        }

        var isZero: Bool { limbs.isEmpty }
        var bitWidth: Int { limbs.isEmpty ? 0 : limbs.count * 32 - limbs.last!.leadingZeroBitCount }

        /// The value as an `Int` when it fits.
        var intValue: Int? {
            guard limbs.count <= 2 else { return nil }
            var m: UInt64 = 0
            for (i, l) in limbs.enumerated() { m |= UInt64(l) << (32 * UInt64(i)) }
            if negative {
                return m <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- m) : nil
            }
            return m <= UInt64(Int.max) ? Int(m) : nil
        }

        static prefix func - (x: BigInt) -> BigInt { BigInt(negative: !x.negative, limbs: x.limbs) }

        static func + (a: BigInt, b: BigInt) -> BigInt {
            if a.negative == b.negative { return BigInt(negative: a.negative, limbs: addMagnitudes(a.limbs, b.limbs)) }
            switch compareMagnitudes(a.limbs, b.limbs) {
            case 0: return BigInt(0)
            case 1: return BigInt(negative: a.negative, limbs: subtractMagnitudes(a.limbs, b.limbs))
            default: return BigInt(negative: b.negative, limbs: subtractMagnitudes(b.limbs, a.limbs))
            }
        }

        static func - (a: BigInt, b: BigInt) -> BigInt { a + (-b) }

        static func * (a: BigInt, b: BigInt) -> BigInt {
            if a.isZero || b.isZero { return BigInt(0) }
            var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
            for (i, x) in a.limbs.enumerated() {
                var carry: UInt64 = 0
                for (j, y) in b.limbs.enumerated() {
                    let t = UInt64(x) * UInt64(y) + UInt64(out[i + j]) + carry
                    out[i + j] = UInt32(truncatingIfNeeded: t)
                    carry = t >> 32
                }
                out[i + b.limbs.count] = UInt32(carry)
            }
            return BigInt(negative: a.negative != b.negative, limbs: out)
        }

        /// Floor division and the remainder with the divisor's sign, as Python's `//` and `%`.
        /// The divisor is not zero.
        static func floorDivide(_ a: BigInt, _ b: BigInt) -> (quotient: BigInt, remainder: BigInt) {
            let (q, r) = divideMagnitudes(a.limbs, b.limbs)
            var quotient = BigInt(negative: a.negative != b.negative, limbs: q)
            var remainder = BigInt(negative: a.negative, limbs: r)
            if !remainder.isZero && a.negative != b.negative {
                quotient = quotient - BigInt(1)
                remainder = remainder + b
            }
            return (quotient, remainder)
        }

        /// `self ** exponent` for a non-negative exponent; nil beyond `maxBits`.
        func power(_ exponent: BigInt) -> BigInt? {
            if exponent.isZero { return BigInt(1) }
            if isZero { return BigInt(0) }
            if limbs == [1] { return negative && (exponent.limbs[0] & 1 == 1) ? BigInt(-1) : BigInt(1) }
            guard let e = exponent.intValue, (bitWidth - 1).multipliedReportingOverflow(by: e).partialValue < BigInt.maxBits,
                  !(bitWidth - 1).multipliedReportingOverflow(by: e).overflow else { return nil }
            var result = BigInt(1), base = self, n = e
            while n > 0 {
                if n & 1 == 1 { result = result * base }
                n >>= 1
                if n > 0 { base = base * base }
                if result.bitWidth > BigInt.maxBits || base.bitWidth > BigInt.maxBits * 2 { return nil }
            }
            return result.bitWidth > BigInt.maxBits ? nil : result
        }

        /// Python's `float(int)`: correctly rounded, half to even; nil when out of range.
        var doubleValue: Double? {
            BigInt.roundToDouble(limbs, exponent: 0, sticky: false).map { negative ? -$0 : $0 }
        }

        /// Python's `int / int`: the exact quotient correctly rounded; nil when out of range.
        static func trueDivide(_ a: BigInt, _ b: BigInt) -> Double? {
            if a.bitWidth <= 53 && b.bitWidth <= 53, let x = a.doubleValue, let y = b.doubleValue { return x / y }
            // Scale the dividend so the integer quotient carries at least 55 significant bits.
            let shift = Swift.max(0, b.bitWidth - a.bitWidth + 55)
            let (q, r) = divideMagnitudes(shiftLeft(a.limbs, shift), b.limbs)
            let magnitude = roundToDouble(q, exponent: -shift, sticky: !r.isEmpty)
            return magnitude.map { a.negative != b.negative ? -$0 : $0 }
        }

        /// Python's `str(int)`.
        var description: String {
            if isZero { return "0" }
            var parts: [String] = []
            var rest = limbs
            while !rest.isEmpty {
                let (q, r) = BigInt.divideSmall(rest, 1_000_000_000)
                parts.append(String(r))
                rest = q
            }
            var text = parts.last!
            for p in parts.dropLast().reversed() { text += String(repeating: "0", count: 9 - p.count) + p }
            return (negative ? "-" : "") + text
        }

        // MARK: Magnitudes

        static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
            if a.count != b.count { return a.count < b.count ? -1 : 1 }
            for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            return 0
        }

        static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
            let (long, short) = a.count >= b.count ? (a, b) : (b, a)
            var out = long
            var carry: UInt64 = 0
            for i in 0..<long.count {
                let t = UInt64(long[i]) + (i < short.count ? UInt64(short[i]) : 0) + carry
                out[i] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            if carry > 0 { out.append(UInt32(carry)) }
            return out
        }

        /// `a - b` for `a >= b`.
        static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
            var out = a
            var borrow: Int64 = 0
            for i in 0..<a.count {
                var t = Int64(a[i]) - borrow - (i < b.count ? Int64(b[i]) : 0)
                borrow = t < 0 ? 1 : 0
                if t < 0 { t += 1 << 32 }
                out[i] = UInt32(t)
            }
            while out.last == 0 { out.removeLast() }
            return out
        }

        static func shiftLeft(_ a: [UInt32], _ bits: Int) -> [UInt32] {
            if a.isEmpty { return a }
            let limbShift = bits / 32, bitShift = bits % 32
            var out = [UInt32](repeating: 0, count: limbShift) + a + [0]
            if bitShift > 0 {
                for i in stride(from: out.count - 1, through: limbShift, by: -1) {
                    let low = i > limbShift ? out[i - 1] >> (32 - bitShift) : 0
                    out[i] = out[i] << bitShift | low
                }
            }
            while out.last == 0 { out.removeLast() }
            return out
        }

        static func divideSmall(_ a: [UInt32], _ d: UInt32) -> ([UInt32], UInt32) {
            var out = a
            var rem: UInt64 = 0
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                let cur = rem << 32 | UInt64(a[i])
                out[i] = UInt32(cur / UInt64(d))
                rem = cur % UInt64(d)
            }
            while out.last == 0 { out.removeLast() }
            return (out, UInt32(rem))
        }

        /// Long division of magnitudes (Knuth's algorithm D); the divisor is not zero.
        static func divideMagnitudes(_ u: [UInt32], _ v: [UInt32]) -> ([UInt32], [UInt32]) {
            if compareMagnitudes(u, v) < 0 { return ([], u) }
            if v.count == 1 {
                let (q, r) = divideSmall(u, v[0])
                return (q, r == 0 ? [] : [r])
            }
            let s = v.last!.leadingZeroBitCount
            let n = v.count, m = u.count - v.count
            var vn = shiftLeft(v, s)
            while vn.count < n { vn.append(0) }
            var un = shiftLeft(u, s)
            while un.count < u.count + 1 { un.append(0) }
            var q = [UInt32](repeating: 0, count: m + 1)
            let base: UInt64 = 1 << 32
            for j in stride(from: m, through: 0, by: -1) {
                let top = UInt64(un[j + n]) << 32 | UInt64(un[j + n - 1])
                var qhat = top / UInt64(vn[n - 1])
                var rhat = top % UInt64(vn[n - 1])
                while qhat >= base || qhat * UInt64(vn[n - 2]) > (rhat << 32 | UInt64(un[j + n - 2])) {
                    qhat -= 1
                    rhat += UInt64(vn[n - 1])
                    if rhat >= base { break }
                }
                var borrow: Int64 = 0
                var carry: UInt64 = 0
                for i in 0..<n {
                    let p = qhat * UInt64(vn[i]) + carry
                    carry = p >> 32
                    var t = Int64(un[i + j]) - borrow - Int64(p & 0xFFFF_FFFF)
                    borrow = t < 0 ? 1 : 0
                    if t < 0 { t += 1 << 32 }
                    un[i + j] = UInt32(t)
                }
                var t = Int64(un[j + n]) - borrow - Int64(carry)
                if t < 0 {
                    // qhat was one too large: add the divisor back.
                    t += 1 << 32
                    un[j + n] = UInt32(t)
                    qhat -= 1
                    var c: UInt64 = 0
                    for i in 0..<n {
                        let sum = UInt64(un[i + j]) + UInt64(vn[i]) + c
                        un[i + j] = UInt32(truncatingIfNeeded: sum)
                        c = sum >> 32
                    }
                    un[j + n] = UInt32(truncatingIfNeeded: UInt64(un[j + n]) + c)
                } else {
                    un[j + n] = UInt32(t)
                }
                q[j] = UInt32(qhat)
            }
            // The remainder is un[0..<n] shifted back.
            var r = Array(un[0..<n])
            if s > 0 {
                for i in 0..<n {
                    let high = i + 1 < n ? r[i + 1] << (32 - s) : 0
                    r[i] = r[i] >> s | high
                }
            }
            while r.last == 0 { r.removeLast() }
            while q.last == 0 { q.removeLast() }
            return (q, r)
        }

        /// `(magnitude + sticky) * 2^exponent` rounded half-to-even to a double, where `sticky`
        /// says nonzero bits lie below `magnitude`'s last; nil when it overflows.
        static func roundToDouble(_ magnitude: [UInt32], exponent: Int, sticky: Bool) -> Double? {
            let width = magnitude.isEmpty ? 0 : magnitude.count * 32 - magnitude.last!.leadingZeroBitCount
            if width == 0 { return 0 }
            let top = width - 1 + exponent  // the value lies in [2^top, 2^(top+1))
            if top > 1023 { return nil }
            let lsb = Swift.max(top - 52, -1074)  // weight of the result's last bit
            let drop = lsb - exponent
            func bit(_ i: Int) -> Bool { i >= 0 && i < width && magnitude[i / 32] >> UInt32(i % 32) & 1 == 1 }
            var kept: UInt64 = 0
            let first = Swift.max(drop, 0)
            if first < width {
                for i in stride(from: width - 1, through: first, by: -1) { kept = kept << 1 | (bit(i) ? 1 : 0) }
            }
            if drop > 0 {
                let half = bit(drop - 1)
                var below = sticky
                if !below {
                    for i in 0..<Swift.min(drop - 1, width) where bit(i) {
                        below = true
                        break
                    }
                }
                if half && (below || kept & 1 == 1) { kept += 1 }
            }
            let result = Double(sign: .plus, exponent: Swift.max(drop, 0) + exponent, significand: Double(kept))
            return result.isInfinite ? nil : result
        }
    }
}
