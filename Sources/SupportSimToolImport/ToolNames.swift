import Foundation

/// Tool names as declared tools take them: `^[A-Za-z_][A-Za-z0-9_-]{0,63}$`, unique.
public enum ToolNames {
    public static let maxLength = 64

    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= maxLength,
            isLetter(first) || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" }
    }

    /// `payments.get` -> `payments_get`, `list users` -> `list_users`, `2fa` -> `_2fa`: every
    /// run of other characters becomes one `_`; at most 64 characters.
    public static func sanitized(_ text: String) -> String {
        var out = ""
        var pendingSeparator = false
        for scalar in text.unicodeScalars {
            if isLetter(scalar) || isDigit(scalar) || scalar == "-" || scalar == "_" {
                if pendingSeparator && !out.isEmpty && !out.hasSuffix("_") { out.append("_") }
                pendingSeparator = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSeparator = true
            }
        }
        if out.isEmpty { out = "tool" }
        if let first = out.unicodeScalars.first, !(isLetter(first) || first == "_") { out = "_" + out }
        return String(out.unicodeScalars.prefix(maxLength))
    }

    /// `GET /payments/{payment_id}/refunds` -> `get_payments_payment_id_refunds`.
    public static func fromRoute(method: String, path: String) -> String {
        let words = path.split(whereSeparator: { "/{}".contains($0) }).map(String.init)
        return sanitized(([method.lowercased()] + words).joined(separator: "_"))
    }

    /// `name`, else `name_2`, `name_3`, ... (kept within 64 characters).
    static func unique(_ name: String, among taken: Set<String>) -> String {
        guard taken.contains(name) else { return name }
        var n = 2
        while true {
            let suffix = "_\(n)"
            let candidate = String(name.unicodeScalars.prefix(maxLength - suffix.count)) + suffix
            if !taken.contains(candidate) { return candidate }
            n += 1
        }
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
}
