import SupportSimCore

/// Which fields of backend records and results hold money, by name: the suite's own money
/// fields (`amount`, `price`, `total`, `refunded`) and the names money goes by in other APIs.
/// A number in any other field (`qty`, `stock`, `minutes`, `last4`) is no evidence for an amount.
public enum MoneyFields {
    static let moneyWords = ["amount", "price", "total", "refund", "balance", "fee", "cost", "credit", "subtotal",
                             "tax", "paid", "due", "charge", "spend", "spent", "compensation", "payment", "owed",
                             "deposit", "fare", "discount", "budget", "salary", "revenue", "cash", "fine", "penalty"]
    /// Names of counts, digits and codes: never money, even inside a money record.
    static let otherWords = ["count", "qty", "quantity", "percent", "pct", "last4", "last_four", "digits", "number",
                             "seats", "nights", "bags", "baggage", "passengers", "stock", "days", "hours", "minutes",
                             "year", "month", "zip", "postal", "phone", "pin", "code", "id"]

    /// True for a money field, false for a count or code, nil when the name says neither (the
    /// field then takes the kind of the record it is in: `prices: {economy: 121}`).
    public static func kind(of key: String) -> Bool? {
        let parts = words(key)
        if parts.contains(where: { otherWords.contains($0) || $0.hasSuffix("s") && otherWords.contains(String($0.dropLast())) }) {
            return false
        }
        if parts.contains(where: { part in moneyWords.contains { TextSearch.contains(part, $0) } }) { return true }
        return nil
    }

    /// `availableSeats`, `total_baggages`, `card-last4` → lower-cased words.
    static func words(_ key: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousLower = false
        for ch in key {
            if ch == "_" || ch == "-" || ch == " " || ch == "." {
                if !current.isEmpty { result.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if ch.isUppercase, previousLower, !current.isEmpty {
                result.append(current)
                current = ""
            }
            current += ch.lowercased()
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    public static func holdsMoney(_ key: String) -> Bool { kind(of: key) == true }
}
