import Foundation

/// The regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), by the series
/// for x < a + 1 and Lentz's continued fraction otherwise (each converges fast on its side), with
/// the prefactor in logs through `lgamma` so that large arguments do not overflow.
public enum RegularizedGamma {
    static let epsilon = 1e-15
    static let tiny = 1e-300
    static let maxIterations = 10_000

    /// Q(a, x), the upper tail: the chi-square survival function is Q(k/2, x/2).
    public static func q(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "the shape must be positive")
        if x <= 0 { return 1 }
        if x < a + 1 { return max(0, 1 - series(a, x)) }
        return continuedFraction(a, x)
    }

    public static func p(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "the shape must be positive")
        if x <= 0 { return 0 }
        if x < a + 1 { return series(a, x) }
        return max(0, 1 - continuedFraction(a, x))
    }

    private static func prefactor(_ a: Double, _ x: Double) -> Double {
        exp(a * log(x) - x - lgamma(a))
    }

    /// P(a, x) = e^−x x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
    private static func series(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a, sum = term, ap = a
        for _ in 0..<maxIterations {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return min(1, sum * prefactor(a, x))
    }

    /// Q(a, x) by the continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− …)), modified Lentz.
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return min(1, h * prefactor(a, x))
    }
}
