import Foundation

extension Airline {
    /// Direct flights from `origin` to `destination` that are `available` on `date`: each flight's
    /// record without its `dates`, followed by that date's status, seats and prices.
    struct SearchDirectFlight: TauTool {
        let name = "search_direct_flight"
        let className = "SearchDirectFlight"
        let parameters = [PyParameter("origin"), PyParameter("destination"), PyParameter("date")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let (origin, destination, date) = (arguments[0], arguments[1], arguments[2])
            let flights = try Py.dict(data["flights"] ?? .none, for: "values")
            var results: [PyValue] = []
            for flight in flights.values {
                guard Py.equal(try Py.item(flight, "origin"), origin),
                      Py.equal(try Py.item(flight, "destination"), destination) else { continue }
                let dates = try Py.item(flight, "dates")
                guard try Py.contains(dates, date) else { continue }
                let day = try Py.item(dates, date)
                guard Py.equal(try Py.item(day, "status"), "available") else { continue }
                results.append(.dict(try Py.merged(flight, without: "dates", updatedWith: day)))
            }
            return PyText.dumps(.list(results))
        }
    }

    /// Pairs of flights `origin` -> X -> `destination` where the first lands no later (by its
    /// scheduled time of day) than the second leaves, both `available`.
    ///
    /// Upstream's quirks are kept: the second leg's date is `2024-05-<day+1>` (not zero-padded, so
    /// a first leg on the 1st-8th arriving the next day never connects) when the first leg's
    /// arrival time carries `+1`; and the second leg's status, seats and prices are read from the
    /// search date, not its own date.
    struct SearchOnestopFlight: TauTool {
        let name = "search_onestop_flight"
        let className = "SearchOnestopFlight"
        let parameters = [PyParameter("origin"), PyParameter("destination"), PyParameter("date")]

        func invoke(_ data: inout PyDict, _ arguments: [PyValue]) throws(TauToolError) -> String {
            let (origin, destination, date) = (arguments[0], arguments[1], arguments[2])
            let flights = try Py.dict(data["flights"] ?? .none, for: "values").values
            var results: [PyValue] = []
            for first in flights {
                guard Py.equal(try Py.item(first, "origin"), origin) else { continue }
                for second in flights {
                    guard Py.equal(try Py.item(second, "destination"), destination),
                          Py.equal(try Py.item(first, "destination"), try Py.item(second, "origin")) else { continue }
                    let arrival = try Py.item(first, "scheduled_arrival_time_est")
                    let secondDate = try Py.contains(arrival, "+1") ? try nextDay(date) : date
                    let departure = try Py.item(second, "scheduled_departure_time_est")
                    if try Py.ordered(arrival, departure, greater: true) { continue }
                    let firstDates = try Py.item(first, "dates")
                    guard try Py.contains(firstDates, date) else { continue }
                    let secondDates = try Py.item(second, "dates")
                    guard try Py.contains(secondDates, secondDate) else { continue }
                    guard Py.equal(try Py.item(try Py.item(firstDates, date), "status"), "available"),
                          Py.equal(try Py.item(try Py.item(secondDates, secondDate), "status"), "available") else { continue }
                    var leg1 = try Py.merged(first, without: "dates", updatedWith: try Py.item(firstDates, date))
                    leg1["date"] = date
                    var leg2 = try Py.merged(second, without: "dates", updatedWith: try Py.item(secondDates, date))
                    leg2["date"] = secondDate
                    results.append(.list([.dict(leg1), .dict(leg2)]))
                }
            }
            return PyText.dumps(.list(results))
        }

        /// `f"2024-05-{int(date[-2:]) + 1}"`.
        private func nextDay(_ date: PyValue) throws(TauToolError) -> PyValue {
            let tail: PyValue
            switch date {
            case .string(let s): tail = .string(String(String.UnicodeScalarView(s.unicodeScalars.suffix(2))))
            case .list(let l): tail = .list(Array(l.suffix(2)))
            case .dict: throw TauToolError("unhashable type: 'slice'")
            default: throw TauToolError("'\(PyBuiltins.typeName(date))' object is not subscriptable")
            }
            let day = try Py.intFromString(tail)
            return .string("2024-05-\(Py.str(try Py.binary(day, .add, .int(1))))")
        }
    }
}

extension Airline.Py {
    /// Python's `int(value)` for the values a slice can give: a `str` (surrounding whitespace,
    /// a sign, decimal digits of any script, `_` between digits) or a `list` (a TypeError).
    static func intFromString(_ value: PyValue) throws(TauToolError) -> PyValue {
        guard case .string(let text) = value else {
            throw TauToolError("int() argument must be a string, a bytes-like object or a real number, not '\(PyBuiltins.typeName(value))'")
        }
        let invalid = TauToolError("invalid literal for int() with base 10: \(PyText.stringRepr(text))")
        var scalars = Array(text.unicodeScalars)
        while let f = scalars.first, isPythonSpace(f) { scalars.removeFirst() }
        while let l = scalars.last, isPythonSpace(l) { scalars.removeLast() }
        var negative = false
        if let f = scalars.first, f == "+" || f == "-" {
            negative = f == "-"
            scalars.removeFirst()
        }
        guard let first = scalars.first, first != "_", scalars.last != "_" else { throw invalid }
        var result = 0
        var previousUnderscore = false
        for s in scalars {
            if s == "_" {
                if previousUnderscore { throw invalid }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard s.properties.numericType == .decimal, let digit = s.properties.numericValue else { throw invalid }
            let (m, o1) = result.multipliedReportingOverflow(by: 10)
            let (r, o2) = m.addingReportingOverflow(Int(digit))
            if o1 || o2 { throw TauToolError("integer result beyond 64 bits") }
            result = r
        }
        return .int(negative ? -result : result)
    }

    /// Python's `str.isspace` characters, which `int()` strips.
    static func isPythonSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
